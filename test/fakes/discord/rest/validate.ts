import { ComponentType, MessageFlag } from '../constants.js';
import { apiError, DC, invalidForm, required, tooLong } from '../errors.js';
import type { DcComponent } from '../types.js';

/**
 * Checks a message body the way Discord's form validation does, for the limits a bot runs into: 2000
 * characters of content, 10 embeds, 5 action rows of 5 buttons or one select, custom ids of 100 characters,
 * unique within the message. Field error codes are Discord's; the component ones are guessed from reports.
 */
export function validateMessageBody(
  body: Record<string, unknown>,
  opts: { creating: boolean; hasFiles: boolean },
) {
  const content = body.content;
  if (typeof content === 'string' && content.length > 2000) throw tooLong(['content'], 2000);
  const embeds = Array.isArray(body.embeds) ? body.embeds : [];
  if (embeds.length > 10)
    throw invalidForm(['embeds'], 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
  const components = Array.isArray(body.components) ? (body.components as DcComponent[]) : [];
  const flags = typeof body.flags === 'number' ? body.flags : 0;
  if (!(flags & MessageFlag.IsComponentsV2)) validateRows(components);
  const empty =
    !(typeof content === 'string' && content.length > 0) &&
    embeds.length === 0 &&
    components.length === 0 &&
    !opts.hasFiles &&
    !(Array.isArray(body.sticker_ids) && body.sticker_ids.length > 0) &&
    body.poll === undefined;
  if (opts.creating && empty) throw apiError(400, DC.emptyMessage);
}

function validateRows(rows: DcComponent[]): void {
  if (rows.length > 5)
    throw invalidForm(['components'], 'BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.');
  const seen = new Set<string>();
  for (const [i, row] of rows.entries()) {
    if (row.type !== ComponentType.ActionRow) {
      throw invalidForm(
        ['components', i, 'type'],
        'UNION_TYPE_CHOICES',
        'Value of field "type" must be one of (1,).',
      );
    }
    const children = row.components ?? [];
    const selects = children.filter((c) => c.type !== ComponentType.Button).length;
    if (children.length === 0 || children.length > 5 || (selects > 0 && children.length > 1)) {
      throw invalidForm(
        ['components', i, 'components'],
        'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
        'The specified component exceeds the maximum width',
      );
    }
    for (const [j, c] of children.entries()) {
      const path = ['components', i, 'components', j];
      checkComponent(c, path, seen);
    }
  }
}

function checkComponent(c: DcComponent, path: (string | number)[], seen: Set<string>): void {
  const isLink = c.type === ComponentType.Button && (c.style === 5 || c.style === 6);
  if (c.type === ComponentType.Button && c.style === 5 && typeof c.url !== 'string')
    throw required([...path, 'url']);
  if (isLink) return;
  if (typeof c.custom_id !== 'string' || c.custom_id === '') throw required([...path, 'custom_id']);
  if (c.custom_id.length > 100) throw tooLong([...path, 'custom_id'], 100);
  if (seen.has(c.custom_id)) {
    throw invalidForm(
      [...path, 'custom_id'],
      'COMPONENT_CUSTOM_ID_DUPLICATED',
      'Component custom id cannot be duplicated',
    );
  }
  seen.add(c.custom_id);
  if (c.type === ComponentType.Button && typeof c.label === 'string' && c.label.length > 80) {
    throw tooLong([...path, 'label'], 80);
  }
  if (c.type === ComponentType.StringSelect) {
    const options = Array.isArray(c.options) ? c.options : [];
    if (options.length < 1 || options.length > 25) {
      throw invalidForm([...path, 'options'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 25 in length.');
    }
  }
}

/**
 * A modal (callback type 9): custom id, a title of at most 45 characters, 1–5 top-level components, each an
 * action row holding exactly one text input or a label holding one input; text input labels at most 45.
 */
export function validateModal(data: Record<string, unknown>): void {
  const path = (...rest: (string | number)[]) => ['data', ...rest];
  if (typeof data.custom_id !== 'string' || data.custom_id === '') throw required(path('custom_id'));
  if (data.custom_id.length > 100) throw tooLong(path('custom_id'), 100);
  if (typeof data.title !== 'string' || data.title === '') throw required(path('title'));
  if (data.title.length > 45) throw tooLong(path('title'), 45);
  const components = Array.isArray(data.components) ? (data.components as DcComponent[]) : [];
  if (components.length < 1 || components.length > 5) {
    throw invalidForm(path('components'), 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
  }
  const seen = new Set<string>();
  for (const [i, top] of components.entries()) {
    if (top.type === ComponentType.ActionRow) {
      const children = top.components ?? [];
      const only = children[0];
      if (children.length !== 1 || only?.type !== ComponentType.TextInput) {
        throw invalidForm(
          path('components', i, 'components'),
          'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
          'The specified component exceeds the maximum width',
        );
      }
      checkTextInput(only, path('components', i, 'components', 0), seen, true);
    } else if (top.type === ComponentType.Label) {
      if (typeof top.label !== 'string' || top.label === '') throw required(path('components', i, 'label'));
      if (top.label.length > 45) throw tooLong(path('components', i, 'label'), 45);
      const inner = top.component;
      if (!inner) throw required(path('components', i, 'component'));
      if (inner.type === ComponentType.TextInput)
        checkTextInput(inner, path('components', i, 'component'), seen, false);
      else checkComponent(inner, path('components', i, 'component'), seen);
    } else if (top.type !== ComponentType.TextDisplay) {
      throw invalidForm(
        path('components', i, 'type'),
        'UNION_TYPE_CHOICES',
        'Value of field "type" must be one of (1, 10, 18).',
      );
    }
  }
}

function checkTextInput(
  c: DcComponent,
  path: (string | number)[],
  seen: Set<string>,
  needsLabel: boolean,
): void {
  if (typeof c.custom_id !== 'string' || c.custom_id === '') throw required([...path, 'custom_id']);
  if (c.custom_id.length > 100) throw tooLong([...path, 'custom_id'], 100);
  if (seen.has(c.custom_id)) {
    throw invalidForm(
      [...path, 'custom_id'],
      'COMPONENT_CUSTOM_ID_DUPLICATED',
      'Component custom id cannot be duplicated',
    );
  }
  seen.add(c.custom_id);
  if (c.style !== 1 && c.style !== 2) {
    throw invalidForm([...path, 'style'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2}.');
  }
  if (needsLabel && (typeof c.label !== 'string' || c.label === '')) throw required([...path, 'label']);
  if (typeof c.label === 'string' && c.label.length > 45) throw tooLong([...path, 'label'], 45);
  if (typeof c.max_length === 'number' && c.max_length > 4000) {
    throw invalidForm(
      [...path, 'max_length'],
      'NUMBER_TYPE_MAX',
      'int value should be less than or equal to 4000.',
    );
  }
  if (typeof c.value === 'string' && c.value.length > 4000) throw tooLong([...path, 'value'], 4000);
}
