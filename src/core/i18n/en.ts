import { automation } from './en/automation.js';
import { base } from './en/base.js';
import { credit } from './en/credit.js';
import { dashboard } from './en/dashboard.js';
import { gate } from './en/gate.js';
import { market } from './en/market.js';
import { points } from './en/points.js';
import { privacy } from './en/privacy.js';

/**
 * The English catalog: the source of truth for message keys and their parameters, one file per feature.
 * Every other language is typed as `Catalog`, so a missing key or parameter fails type-check.
 */
export const en = {
  ...base,
  ...gate,
  ...credit,
  ...points,
  ...market,
  ...dashboard,
  ...privacy,
  ...automation,
};

export type Catalog = typeof en;
