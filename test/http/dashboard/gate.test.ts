import { describe, expect, it } from 'vitest';
import { setUpDashboard, textOf } from './harness.js';

async function signedIn() {
  const ctx = await setUpDashboard();
  const owner = ctx.browser();
  await owner.login(ctx.linkFor());
  const gate = `/dashboard/c/${ctx.tea.id}/gate`;
  const settings = async () => (await ctx.store.circles.byId(ctx.tea.id))!.settings.gate;
  return { ...ctx, owner, gate, settings };
}

describe('the gate page', () => {
  it('shows the settings and saves them, then says so after the redirect', async () => {
    const { owner, gate, settings, store, tea, olivia } = await signedIn();
    const page = await owner.get(gate);
    expect(page.body).toContain('name="timeout" value="10m"');
    expect(page.body).toContain('name="minScore" value="off"');

    const res = await owner.submit(gate, {
      enabled: 'on',
      mode: 'review',
      minScore: '620',
      requireVerified: 'on',
      timeout: '1h30m',
      onTimeout: 'review',
      passmark: '2',
      cooldown: 'off',
      failPolicy: 'decline',
      vouchMinScore: '700',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(gate);
    expect(await settings()).toMatchObject({
      enabled: true,
      mode: 'review',
      minScore: 620,
      requireVerified: true,
      timeoutMs: 90 * 60_000,
      onTimeout: 'review',
      passmark: 2,
      cooldownMs: 0,
      failPolicy: 'decline',
      vouchMinScore: 700,
      // Turning the gate on makes its admin the reviewer, as `/gate on` does.
      reviewAdmin: olivia.ref,
    });
    const after = await owner.get(gate);
    expect(textOf(after.body)).toContain('Settings saved.');
    expect(textOf((await owner.get(gate)).body)).not.toContain('Settings saved.'); // shown once
    const audit = await store.audit.list(tea.id, 5);
    expect(audit[0]).toMatchObject({ actorId: olivia.id, action: 'dashboard.gate' });
  });

  it('refuses what `/gate` refuses, with the same words, and saves nothing', async () => {
    const { owner, gate, settings } = await signedIn();
    const before = await settings();
    const cases: Array<[Record<string, string>, string]> = [
      [{ minScore: '999' }, '“999” is not a score: use a number from 350 to 950, or off.'],
      [{ timeout: '30s' }, 'The timeout must be between 1 minute and 7 days.'],
      [{ timeout: 'soon' }, 'soon'],
      [{ passmark: '11' }, '“11” is not a passmark: use 0 to 10, or all.'],
      [{ mode: 'chaos' }, 'chaos'],
    ];
    for (const [form, message] of cases) {
      const res = await owner.submit(gate, { ...form });
      expect(res.statusCode, JSON.stringify(form)).toBe(400);
      expect(textOf(res.body)).toContain(message);
      // The refused value stays in the form to be corrected.
      const [name, value] = Object.entries(form)[0]!;
      if (name !== 'mode') expect(res.body).toContain(`name="${name}" value="${value}"`);
    }
    expect(await settings()).toEqual(before);
  });

  it('adds, edits and removes entry questions with the parser of `/question add`', async () => {
    const { owner, gate, store, tea } = await signedIn();
    const added = await owner.submit(`${gate}/questions`, {
      prompt: 'Which city hosts our meetups?',
      options: 'Beijing\n*Hangzhou\nShanghai',
    });
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe(`${gate}#q1`);
    await owner.submit(`${gate}/questions`, { prompt: 'Why do you want to join?', options: '' });
    expect(textOf((await owner.get(gate)).body)).toContain('Question 2 added.');

    const edited = await owner.submit(`${gate}/questions/1`, {
      prompt: 'Which city hosts our spring meetup?',
      options: '*Hangzhou\nSuzhou',
    });
    expect(edited.statusCode).toBe(303);
    const questions = await store.gate.questions(tea.id);
    expect(questions.map((q) => [q.position, q.kind, q.prompt, q.options, q.correct])).toEqual([
      [1, 'choice', 'Which city hosts our spring meetup?', ['Hangzhou', 'Suzhou'], [0]],
      [2, 'text', 'Why do you want to join?', [], []],
    ]);

    expect((await owner.submit(`${gate}/questions/1/remove`, {})).statusCode).toBe(303);
    expect((await store.gate.questions(tea.id)).map((q) => [q.position, q.prompt])).toEqual([
      [1, 'Why do you want to join?'],
    ]);
    expect((await store.audit.list(tea.id, 10)).map((a) => a.action)).toEqual([
      'dashboard.question.remove',
      'dashboard.question.edit',
      'dashboard.question.add',
      'dashboard.question.add',
    ]);
  });

  it('refuses a question `/question add` refuses, keeping what was typed', async () => {
    const { owner, gate, store, tea } = await signedIn();
    const cases: Array<[Record<string, string>, string]> = [
      [{ prompt: 'Which city?', options: 'Beijing\nHangzhou' }, 'Mark the right option(s) with *'],
      [{ prompt: 'Which city?', options: '*Beijing' }, 'A choice question needs at least two options'],
      [{ prompt: 'Which city?', options: '*Beijing\nbeijing' }, '“beijing” is there twice.'],
      [{ prompt: 'A | B', options: '' }, 'The | character cannot be used'],
      [{ prompt: ' ', options: '*a\nb' }, 'Write the question first.'],
    ];
    for (const [form, message] of cases) {
      const res = await owner.submit(`${gate}/questions`, form);
      expect(res.statusCode).toBe(400);
      expect(textOf(res.body)).toContain(message);
    }
    expect(await store.gate.questions(tea.id)).toEqual([]);
    const kept = await owner.submit(`${gate}/questions`, { prompt: 'Which tea?', options: 'Oolong\nPu-erh' });
    expect(kept.body).toContain('value="Which tea?"');
    expect(kept.body).toContain('Oolong\nPu-erh</textarea>');
  });

  it('editing or removing a question that is not there says so', async () => {
    const { owner, gate } = await signedIn();
    const edit = await owner.submit(`${gate}/questions/3`, { prompt: 'Why?', options: '' });
    expect(edit.statusCode).toBe(400);
    expect(textOf(edit.body)).toContain('There is no question 3.');
    expect((await owner.submit(`${gate}/questions/3/remove`, {})).statusCode).toBe(400);
  });
});
