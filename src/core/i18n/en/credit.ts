/** Messages of credit reports: the score and each factor. */
export const credit = {
  'credit.header': (p: { score: number; source: string }) => `Credit score: ${p.score} (source: ${p.source})`,
  'credit.verified': (p: { verified: string }) => `Verified identity: ${p.verified}`,
  'credit.checkedAt': (p: { at: string }) => `Checked: ${p.at}`,
  'credit.factorLine': (p: { label: string; points: string }) => `  ${p.label}: ${p.points}`,
  'credit.factor.base': (p: { value: number }) => `Starting score (${p.value})`,
  'credit.factor.tenure': (p: { value: number }) => `Identity and tenure (${p.value} days a member)`,
  'credit.factor.activity': (p: { value: number }) => `Behaviour: activity (level ${p.value})`,
  'credit.factor.payments': (p: { value: number }) => `Ability to pay (${p.value} payments completed)`,
  'credit.factor.vouches': (p: { value: number }) => `Connections (${p.value} vouches)`,
  'credit.factor.warnings': (p: { value: number }) => `History: warnings (${p.value})`,
  'credit.factor.kicks': (p: { value: number }) => `History: removals (${p.value})`,
  'credit.factor.bans': (p: { value: number }) => `History: bans (${p.value})`,
  'credit.factor.failedScreenings': (p: { value: number }) =>
    `History: failed screenings, last 30 days (${p.value})`,
  'credit.factor.vouchedThenBanned': (p: { value: number }) =>
    `Connections: vouched for people later banned (${p.value})`,
  'credit.factor.external': (p: { value: number }) => `External provider score (${p.value})`,
} satisfies Record<string, string | ((p: never) => string)>;
