import { describe, expect, it } from 'vitest';
import { levelRolesFor } from '../../../src/core/points/roles.js';

const levelRoles = { '1': 'Sprout', '5': 'Leaf', '10': 'Tree' };

describe('level roles', () => {
  it('stack: a member keeps every role of a level reached', () => {
    expect(levelRolesFor({ levelRoles, levelRoleMode: 'stack' }, 6)).toEqual({
      grant: ['Sprout', 'Leaf'],
      revoke: ['Tree'],
    });
  });

  it('replace: only the highest role reached stays', () => {
    expect(levelRolesFor({ levelRoles, levelRoleMode: 'replace' }, 12)).toEqual({
      grant: ['Tree'],
      revoke: ['Sprout', 'Leaf'],
    });
  });

  it('below every level, every level role is taken away (after a take or decay)', () => {
    expect(levelRolesFor({ levelRoles, levelRoleMode: 'stack' }, 0)).toEqual({
      grant: [],
      revoke: ['Sprout', 'Leaf', 'Tree'],
    });
  });
});
