import type { privacy as en } from '../en/privacy.js';

/** 简体中文：/mydata、/forgetme、数据保留。 */
export const privacy: typeof en = {
  'privacy.help.mydata': '机器人保存的关于你的全部数据（以文件私信发送）',
  'privacy.help.forgetme': '删除你的个人数据（会先请你确认）',
  'privacy.help.privacy': '成员数据：retention 保留天数、keeppoints 保留积分',
  'privacy.help.retention': '审核结果后入群问答保留的天数',
  'privacy.help.keeppoints': '被遗忘的成员是否在本群保留积分',
  'privacy.describe': (p) =>
    `成员数据：入群问答在审核结果后保留 ${p.days} 天；/forgetme 后保留积分：${p.keep}`,
  'privacy.mydata.caption': 'circlebot 保存的关于你的全部数据（JSON）。',
  'privacy.mydata.header': 'circlebot 保存的关于你的数据：',
  'privacy.mydata.memberships': (p) => `• 加入的群：${p.count}`,
  'privacy.mydata.points': (p) => `• 积分：${p.circles} 个群共 ${p.points} 分`,
  'privacy.mydata.applications': (p) => `• 入群申请：${p.count} 份，回答 ${p.answers} 条`,
  'privacy.mydata.credit': (p) => `• 信用报告：${p.count} 份`,
  'privacy.mydata.vouches': (p) => `• 担保：给出 ${p.given} 次，收到 ${p.received} 次`,
  'privacy.mydata.checkins': (p) => `• 活动签到：${p.count} 次`,
  'privacy.mydata.payments': (p) =>
    `• 付款：${p.count} 笔（${p.amounts}${p.refunded ? `；已退款 ${p.refunded}` : ''}）`,
  'privacy.mydata.clicks': (p) => `• 追踪链接点击：${p.count} 次`,
  'privacy.mydata.reminders': (p) =>
    `• 提醒：收到 ${p.nudges} 次；${p.quiet ? '你已选择不接收（/quiet）' : '允许（发送 /quiet 可关闭）'}`,
  'privacy.forget.confirm': (p) =>
    [
      '这将删除你在所有群中的个人数据：昵称、入群问答、信用报告、担保、链接点击以及防刷规则记住的内容；积分将从零开始（除非某个群设置为保留）。',
      '保留：你的群成员身份（你仍是成员）；会计所需的付款记录，你的身份将被替换为随机编号；以及提醒和欢迎的日期与你的 /quiet 选择，以免重复打扰你。',
      `请在 10 分钟内点击按钮，或发送 /forgetme ${p.code} 确认。`,
    ].join('\n\n'),
  'privacy.forget.button': '删除我的数据',
  'privacy.forget.badCode': '确认码不正确：发送 /forgetme 获取新的确认码。',
  'privacy.forget.expired': '确认已过期：请重新发送 /forgetme。',
  'privacy.forget.done': '完成：你的个人数据已删除。',
  'privacy.forget.removed': (p) =>
    `已删除：${p.answers} 份申请中的回答、${p.creditReports} 份信用报告、${p.vouches} 条担保、${p.clicks} 次点击；${p.pointsReset} 个群的积分已清零。`,
  'privacy.forget.kept': (p) =>
    `已保留：你的群成员身份；${p.payments} 笔付款（会计所需，现以随机编号记录）${p.kept > 0 ? `；${p.kept} 个保留积分的群中的积分` : ''}；提醒日期和你的 /quiet 选择，以免重复打扰你。`,
  'privacy.retention.set': (p) => `入群问答现在会在审核结果 ${p.days} 天后删除。`,
  'privacy.keeppoints.on': '要求被遗忘的成员在本群保留积分。',
  'privacy.keeppoints.off': '要求被遗忘的成员在本群积分清零。',
};
