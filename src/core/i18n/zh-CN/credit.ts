import type { credit as en } from '../en/credit.js';

/** 简体中文：Messages of credit reports: the score and each factor. */
export const credit: typeof en = {
  'credit.header': (p) => `信用分：${p.score}（来源：${p.source}）`,
  'credit.verified': (p) => `实名认证：${p.verified}`,
  'credit.checkedAt': (p) => `查询时间：${p.at}`,
  'credit.factorLine': (p) => `  ${p.label}：${p.points}`,
  'credit.factor.base': (p) => `初始分（${p.value}）`,
  'credit.factor.tenure': (p) => `身份与资历（入圈 ${p.value} 天）`,
  'credit.factor.activity': (p) => `行为：活跃度（等级 ${p.value}）`,
  'credit.factor.payments': (p) => `履约能力（完成 ${p.value} 笔支付）`,
  'credit.factor.vouches': (p) => `人脉（${p.value} 个担保）`,
  'credit.factor.warnings': (p) => `历史：警告（${p.value} 次）`,
  'credit.factor.kicks': (p) => `历史：被移出（${p.value} 次）`,
  'credit.factor.bans': (p) => `历史：被封禁（${p.value} 次）`,
  'credit.factor.failedScreenings': (p) => `历史：近 30 天未通过审核（${p.value} 次）`,
  'credit.factor.vouchedThenBanned': (p) => `人脉：担保的人后来被封禁（${p.value} 人）`,
  'credit.factor.external': (p) => `外部信用分（${p.value}）`,
};
