import type { Catalog } from './en.js';
import { automation } from './zh-CN/automation.js';
import { base } from './zh-CN/base.js';
import { credit } from './zh-CN/credit.js';
import { dashboard } from './zh-CN/dashboard.js';
import { gate } from './zh-CN/gate.js';
import { market } from './zh-CN/market.js';
import { points } from './zh-CN/points.js';
import { privacy } from './zh-CN/privacy.js';

/** 简体中文。Typed as the English catalog: a missing key or parameter fails type-check. */
export const zhCN: Catalog = {
  ...base,
  ...gate,
  ...credit,
  ...points,
  ...market,
  ...dashboard,
  ...privacy,
  ...automation,
};
