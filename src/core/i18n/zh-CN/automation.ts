import type { automation as en } from '../en/automation.js';

/** 简体中文：欢迎语、群规、每周摘要、唤回提醒、/quiet、自动删除命令回复。 */
export const automation: typeof en = {
  'automation.help.welcome': '新成员收到的欢迎语：/welcome set <文字>、on、off、where dm|circle',
  'automation.help.rules': '本群群规（管理员：/rules set <文字>、/rules off）',
  'automation.help.digest': '每周私信你一份本群摘要：weekly 或 off',
  'automation.help.nudge': '成员沉默这么久后私信一条友好的提醒：如 14d，或 off',
  'automation.help.quiet': '沉默一段时间后不再收到提醒（/quiet off 重新允许）',
  'automation.help.autodelete': '在一段时间后删除我对命令的回复：如 2m，或 off',

  'automation.welcome.default': '欢迎 {name} 加入 {circle}！🎉 打个招呼吧，发送 /rules 可以查看本群的规矩。',
  'automation.welcome.noRules': '（本群尚未编写群规）',
  'automation.welcome.where.dm': '私信发给新成员',
  'automation.welcome.where.circle': '发在群里',
  'automation.welcome.status': (p) => `欢迎语：${p.state}，${p.where}。`,
  'automation.welcome.text': '内容：',
  'automation.welcome.textDefault': '内容（默认欢迎语——用 /welcome set <文字> 编写自己的）：',
  'automation.welcome.preview': '预览（你收到时的样子）：',
  'automation.welcome.placeholders': '可用占位符：{name}、{circle}、{rules}。',
  'automation.welcome.saved': (p) => `欢迎语已保存并开启：${p.where}。预览：`,
  'automation.welcome.on': (p) => `欢迎语已开启：${p.where}。`,
  'automation.welcome.off': '欢迎语已关闭。内容仍保留：/welcome on 可重新开启。',
  'automation.welcome.whereSet': (p) => `今后欢迎语将${p.where}。`,
  'automation.welcome.empty': '请在命令后写上欢迎语，例如 /welcome set 欢迎 {name} 加入 {circle}！',
  'automation.welcome.whereUsage': '请说明发送位置：/welcome where dm 或 /welcome where circle。',
  'automation.welcome.tooLong': (p) =>
    `抱歉，这条欢迎语有 ${p.length} 个字符，最多只能 ${p.max} 个。未保存任何内容。`,
  'automation.welcome.unknownPlaceholder': (p) =>
    `我不认识占位符 {${p.placeholder}}：我能填写的是 ${p.known}。未保存任何内容。`,

  'automation.rules.show': (p) => `${p.circle} 的群规：\n\n${p.rules}`,
  'automation.rules.none': '本群尚未编写群规。',
  'automation.rules.saved': '群规已保存。所有人都可以用 /rules 查看；欢迎语中可用 {rules} 显示群规。',
  'automation.rules.off': '群规已删除。',
  'automation.rules.empty': '请在命令后写上群规：/rules set <文字>。',
  'automation.rules.tooLong': (p) =>
    `抱歉，这份群规有 ${p.length} 个字符，最多只能 ${p.max} 个。未保存任何内容。`,

  'automation.digest.on': (p) => `你将以私信收到本群的每周摘要；第一份在 ${p.at} 送达。`,
  'automation.digest.already': (p) => `你已订阅每周摘要；下一份在 ${p.at} 送达。`,
  'automation.digest.off': '你将不再收到每周摘要。',
  'automation.digest.notOn': '你本来就没有订阅每周摘要。',
  'automation.digest.status': (p) =>
    p.count === 0
      ? '每周摘要：关闭。发送 /digest weekly 即可私信接收。'
      : `每周摘要：开启，共 ${p.count} 位管理员订阅（你：${p.you}）；下一份在 ${p.at} 送达。`,
  'automation.digest.hello': (p) => `你将在这里收到 ${p.circle} 的每周摘要。第一份在 ${p.at} 送达。`,
  'automation.digest.header': (p) => `📊 ${p.circle} 每周摘要\n${p.from} – ${p.to}`,
  'automation.digest.joined': (p) => `• 新成员：${p.count}`,
  'automation.digest.decisions': (p) => `• 入群申请：通过 ${p.approved}，拒绝 ${p.declined}`,
  'automation.digest.decline': (p) => `   ✗ ${p.member}：${p.reason}`,
  'automation.digest.more': (p) => `   ……另有 ${p.count} 条`,
  'automation.digest.active': (p) => `• 最活跃：${p.members}`,
  'automation.digest.activeNone': '• 最活跃：本周没有人获得积分',
  'automation.digest.earner': (p) => `${p.member}（+${p.points}）`,
  'automation.digest.levelUps': (p) => `• 升级：${p.count} 人${p.members ? `（${p.members}）` : ''}`,
  'automation.digest.levelUp': (p) => `${p.member} → ${p.level} 级`,
  'automation.digest.checkins': (p) => `• 活动签到：${p.count}`,
  'automation.digest.clicks': (p) => `• 追踪链接点击：${p.count}`,
  'automation.digest.payments': (p) => `• 付款：完成 ${p.count} 笔${p.amount ? `（${p.amount}）` : ''}`,
  'automation.digest.refunds': (p) => `   退款：${p.count} 笔${p.amount ? `（${p.amount}）` : ''}`,
  'automation.digest.footer': '在群里发送 /digest off 即可停止接收。',

  'automation.nudge.set': (p) =>
    `沉默 ${p.after} 的成员会收到一条友好的私信提醒（发送过 /quiet 的成员除外）。我每天检查一次。`,
  'automation.nudge.off': '唤回提醒已关闭：不会打扰沉默的成员。',
  'automation.nudge.status': (p) => `唤回提醒：沉默 ${p.after} 的成员会收到一条友好的私信。`,
  'automation.nudge.statusOff': '唤回提醒：关闭。/nudge 14d 会给沉默 14 天的成员发私信。',
  'automation.nudge.bad': (p) => `“${p.value}”不是 ${p.min} 到 ${p.max} 之间的时长（例如 14d），也不是 off。`,
  'automation.nudge.hello': (p) =>
    `${p.name} 你好！好久没在 ${p.circle} 见到你了。你在那里有 ${p.points} 积分（${p.level} 级）。`,
  'automation.nudge.news': (p) => `你离开后：群里有 ${p.messages} 条新消息，新来了 ${p.joins} 位成员。`,
  'automation.nudge.footer': '有空回来打个招呼吧！（私信我 /quiet 可不再收到此类提醒。）',

  'automation.quiet.on': '好的：你沉默时我不会再提醒你，所有群都一样。/quiet off 可重新允许。',
  'automation.quiet.off': '已重新允许提醒：沉默很久之后，群可能会给你发一条友好的消息。',

  'automation.autodelete.set': (p) =>
    `我在本群对命令的回复将在 ${p.after} 后删除。管理员设置类命令的回复会保留。`,
  'automation.autodelete.off': '我在本群对命令的回复将保留。',
  'automation.autodelete.status': (p) => `我在本群对命令的回复会在 ${p.after} 后删除。`,
  'automation.autodelete.statusOff': '我在本群对命令的回复会保留。/autodelete 2m 可在 2 分钟后删除。',
  'automation.autodelete.bad': (p) =>
    `“${p.value}”不是 ${p.min} 到 ${p.max} 之间的时长（例如 2m），也不是 off。`,

  'automation.describe': (p) =>
    `自动化：欢迎语 ${p.welcome}；群规 ${p.rules}；每周摘要 ${p.digest}；唤回提醒 ${p.nudge}；命令回复删除 ${p.autodelete}`,
  'automation.describe.after': (p) => `${p.after} 后`,
  'automation.describe.welcomeOn': (p) => `开启（${p.where}）`,
  'automation.describe.rulesSet': '已编写',
};
