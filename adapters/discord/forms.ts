import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  type Interaction,
  MessageFlags,
  ModalBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import type { QuestionStep } from '../../src/core/port.js';

/** Custom ids of the application forms; the adapter reads them back into core events. */
export const modalId = (applicationId: number, first: number) => `gate:m:${applicationId}:${first}`;
export const selectId = (applicationId: number, question: number) => `gate:s:${applicationId}:${question}`;
export const inputId = (question: number) => `q${question}`;

const MODAL_ID = /^gate:m:(\d{1,12}):(\d{1,2})$/;
const SELECT_ID = /^gate:s:(\d{1,12}):(\d{1,2})$/;

/** Reads a modal's custom id; `null` for anything that is not ours. */
export function readModalId(id: string): { applicationId: number; first: number } | null {
  const m = MODAL_ID.exec(id);
  return m ? { applicationId: Number(m[1]), first: Number(m[2]) } : null;
}

/** Turns a select's custom id and chosen value into the core's answer-button data. */
export function selectAnswerData(id: string, value: string | undefined): string | null {
  const m = SELECT_ID.exec(id);
  if (!m || value === undefined || !/^\d{1,2}$/.test(value)) return null;
  return `gate:a:${m[1]}:${m[2]}:${value}`;
}

/** Discord's limits: a modal title and an input label hold 45 characters, a placeholder 100. */
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Shows a step of an application as the answer to an interaction: text questions in a modal (the first
 * response, as Discord requires; a modal cannot answer a modal, so then a button leads to it), a choice
 * question as an ephemeral string select.
 */
export async function presentStep(interaction: Interaction, step: QuestionStep): Promise<void> {
  if (!interaction.isRepliable() || interaction.replied) return;
  const [first] = step.questions;
  if (!first) return;
  if (first.kind === 'text') {
    if (interaction.isModalSubmit() || interaction.deferred) {
      const next = new ActionRowBuilder<ButtonBuilder>().addComponents(
        new ButtonBuilder()
          .setCustomId('gate:apply')
          .setLabel(clip(step.labels.next, 80))
          .setStyle(ButtonStyle.Primary),
      );
      await interaction.reply({ content: step.title, components: [next], flags: MessageFlags.Ephemeral });
      return;
    }
    const modal = new ModalBuilder()
      .setCustomId(modalId(step.applicationId, step.first))
      .setTitle(clip(step.title, 45));
    for (const [i, q] of step.questions.entries()) {
      const input = new TextInputBuilder()
        .setCustomId(inputId(step.first + i))
        .setLabel(clip(q.prompt, 45))
        .setPlaceholder(clip(q.prompt, 100))
        .setStyle(TextInputStyle.Paragraph)
        .setRequired(true)
        .setMaxLength(1000);
      modal.addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(input));
    }
    if (interaction.isButton() || interaction.isStringSelectMenu()) await interaction.showModal(modal);
    return;
  }
  const select = new StringSelectMenuBuilder()
    .setCustomId(selectId(step.applicationId, step.first))
    .setPlaceholder(clip(step.labels.choose, 150))
    .addOptions(
      first.options.slice(0, 25).map((label, i) => ({ label: clip(label, 100), value: String(i) })),
    );
  const payload = {
    content: `${step.title}\n${first.prompt}`.slice(0, 2000),
    components: [new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(select)],
  };
  if (interaction.isStringSelectMenu() && !interaction.deferred) await interaction.update(payload);
  else await interaction.reply({ ...payload, flags: MessageFlags.Ephemeral });
}
