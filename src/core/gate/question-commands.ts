import type { CommandSpec } from '../commands/spec.js';
import { defineGroup, sub } from '../commands/spec.js';
import { InvalidInputError } from '../errors.js';
import type { Store } from '../store.js';
import { MAX_QUESTIONS, parseQuestion } from './questions.js';

/** `/question add|list|remove`: the entry questions of a circle (admins). */
export function questionCommand(store: Store): CommandSpec {
  return defineGroup({
    name: 'question',
    adminOnly: true,
    where: 'circle',
    help: 'question.help',
    subcommands: [
      sub({
        name: 'add',
        help: 'question.help.add',
        args: [{ name: 'question', kind: 'text' }],
        async run(ctx, args) {
          const parsed = parseQuestion(args.question);
          if (!parsed.ok) throw new InvalidInputError(parsed.key, parsed.params);
          const added = await store.gate.addQuestion(ctx.circle!.id, parsed.question, MAX_QUESTIONS);
          if (!added) throw new InvalidInputError('question.err.full', { max: MAX_QUESTIONS });
          if (added.kind === 'choice') {
            await ctx.reply('question.added.choice', { n: added.position, options: added.options.length });
          } else {
            await ctx.reply('question.added.text', { n: added.position });
          }
        },
      }),
      sub({
        name: 'list',
        help: 'question.help.list',
        async run(ctx) {
          const questions = await store.gate.questions(ctx.circle!.id);
          if (questions.length === 0) {
            await ctx.reply('question.none');
            return;
          }
          const lines = questions.map((q) => {
            const options = q.options.map((o, i) => (q.correct.includes(i) ? `*${o}` : o)).join(' | ');
            return q.kind === 'choice'
              ? `${q.position}. ${q.prompt} | ${options}`
              : `${q.position}. ${q.prompt} ${ctx.t('question.textTag')}`;
          });
          await ctx.replyWith({ text: [ctx.t('question.listHeader'), ...lines].join('\n') });
        },
      }),
      sub({
        name: 'remove',
        help: 'question.help.remove',
        args: [{ name: 'number', kind: 'int', min: 1, max: MAX_QUESTIONS }],
        async run(ctx, args) {
          const removed = await store.gate.removeQuestion(ctx.circle!.id, args.number);
          if (!removed) throw new InvalidInputError('question.err.noSuch', { n: args.number });
          await ctx.reply('question.removed', { n: args.number });
        },
      }),
    ],
  });
}
