import { describe, expect, it } from 'vitest';
import { renderTemplate, unknownPlaceholder } from '../../../src/core/automation/placeholders.js';

const values = { name: 'Carol', circle: 'Tea lovers', rules: 'Be kind.' };

describe('welcome placeholders', () => {
  it('fill {name}, {circle} and {rules}, wherever and however often they appear', () => {
    expect(renderTemplate('Welcome to {circle}, {name}!\n{rules}\nSee you, {name}.', values)).toBe(
      'Welcome to Tea lovers, Carol!\nBe kind.\nSee you, Carol.',
    );
  });

  it('are read in any case', () => {
    expect(renderTemplate('Hi {Name} — {CIRCLE}', values)).toBe('Hi Carol — Tea lovers');
    expect(unknownPlaceholder('Hi {NAME}, {Rules}')).toBeNull();
  });

  it('never fill a value in again: a member named {rules} stays {rules}', () => {
    expect(renderTemplate('Hi {name}, rules: {rules}', { ...values, name: '{rules}' })).toBe(
      'Hi {rules}, rules: Be kind.',
    );
    expect(renderTemplate('{name}', { ...values, name: '$& $1 $$' })).toBe('$& $1 $$');
  });

  it('name the first unknown placeholder as typed', () => {
    expect(unknownPlaceholder('Hello {user}, welcome to {circle} {Member}')).toBe('user');
    expect(unknownPlaceholder('Hello {name}, welcome to {Circle} {Member}')).toBe('Member');
  });

  it('leave braces that are not around one word as plain text', () => {
    for (const text of ['So happy :-{ ', '{ name }', '{}', '{{name}', 'a {b c} d', '{1st}']) {
      expect(unknownPlaceholder(text), text).toBeNull();
    }
    expect(renderTemplate('{{name}} :-{ {}', values)).toBe('{Carol} :-{ {}');
  });
});
