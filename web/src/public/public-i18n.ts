/**
 * Strings of the residents' pages (随手拍 report form, tracking page), Chinese first and English. Kept apart
 * from the dashboard's i18n.ts: residents read plain words ("being handled"), not the command centre's terms.
 * Times are shown in China time (Asia/Shanghai) whatever the browser's zone, as the city's staff see them.
 */
import type { Lang } from '../i18n';

const zh = {
  brand: '城市大脑',
  brandSub: '市民服务',
  navReport: '我要报事',
  navTrack: '查询进度',
  navMap: '公众地图',
  navSignIn: '工作人员登录',
  navDashboard: '返回工作台',
  langSwitch: 'EN',
  langSwitchLabel: 'Switch to English',
  mainNav: '市民服务导航',
  footer: '非紧急诉求也可拨打 12345 政务服务便民热线。',

  reportTitle: '随手拍 · 我要报事',
  reportIntro: '发现井盖破损、垃圾堆积、占道经营等城市管理问题？选好类型、点一下位置，我们会转交责任单位处置。提交后凭查询编号随时查看办理进度。',
  emergency: '紧急情况请直接拨打 110（治安）、119（火警）、120（急救），不要等待网上处理。',
  urgentType: '燃气泄漏等险情：请立即远离现场，不要开关电器或使用明火，并拨打 119 或燃气抢修电话。本表单可同时提交留痕。',
  required: '为必填项',
  optional: '（选填）',
  category: '问题类型',
  categoryPlaceholder: '请选择问题类型',
  categoriesLoading: '正在加载问题类型…',
  categoriesError: '问题类型加载失败：{message}',
  categoriesEmpty: '暂时没有可选的问题类型，请拨打 12345 热线反映。',
  description: '问题描述',
  descriptionHint: '说明发生了什么、便于找到的特征（门牌号、店铺名、公交站等）、持续多久。',
  descriptionPlaceholder: '例如：东街口公交站旁的井盖松动，行人容易绊倒',
  charCount: '{n}/1000 字',
  location: '问题位置',
  mapHint: '在地图上点击问题所在位置，可拖动标记微调。',
  mapLabel: '选择问题位置的地图。点击放置标记；键盘用户可用方向键移动地图后按“使用地图中心”。',
  useCentre: '使用地图中心',
  useMyLocation: '定位到我的位置',
  locating: '正在定位…',
  geoError: '无法获取您的位置：{message}',
  geoUnsupported: '此浏览器不支持定位，请在地图上选点或输入地址。',
  picked: '已选位置 {lng}, {lat}',
  pickedIn: '位于 {place}',
  clearPoint: '清除选点',
  noPoint: '尚未在地图上选点',
  mapLoading: '地图加载中…',
  mapError: '地图无法显示（{message}），请改为输入地址。',
  address: '或输入地址',
  addressPlaceholder: '例如：福州市鼓楼区东街街道军门社区12号',
  addressHint: '按门牌地址匹配建筑。已在地图上选点时，以地图位置为准。',
  contact: '联系方式',
  contactHint: '仅用于处置人员回访核实，不会公开。',
  name: '称呼',
  namePlaceholder: '例如：张先生',
  phone: '手机号',
  phonePlaceholder: '例如：13800000000',
  photo: '现场照片',
  photoHint: 'JPEG、PNG 或 WebP 格式，不超过 4 MB。',
  photoType: '不支持该文件格式（{type}）：请选择 JPEG、PNG 或 WebP 图片。',
  photoSize: '照片太大（{size}）：最大 4 MB，请压缩后或重新拍摄一张小一点的照片。',
  photoReadError: '无法读取这张照片：{message}',
  photoChoose: '选择或拍摄照片',
  photoChange: '换一张',
  photoNone: '未选择照片',
  photoRemove: '移除照片',
  photoPreview: '照片预览：{name}',
  submit: '提交',
  submitting: '正在提交…',
  uploading: '正在上传 {pct}%',
  waiting: '正在等待服务器确认…',
  retrying: '网络不稳定，正在重试…',
  consent: '提交即表示您同意将所填信息用于处置本问题。',
  errSummary: '请完善以下内容：',
  errType: '请选择问题类型。',
  errDescription: '请描述问题（至少 4 个字）。',
  errLocation: '请在地图上选择位置，或输入地址。',
  errPhone: '手机号格式不正确：请填写 5–20 位数字。',
  errServer: '提交未成功：{message}',
  errTooMany: '提交过于频繁：同一网络 10 分钟内的报事已达上限，请稍后再试，紧急情况请拨打 12345。',
  errNetwork: '网络连接失败，请检查网络后再点“提交”（不会重复提交）。',
  errAddressUnknown: '没有找到这个地址：请核对门牌地址，或直接在地图上点选位置。',
  errOutsideCity: '所选位置不在本市受理范围内：请在福州市区范围内选点。',
  errTypeUnknown: '该问题类型已停用：请重新选择问题类型。',
  errPhotoRefused: '照片无法使用：请换一张 JPEG、PNG 或 WebP 图片，或不附照片提交。',

  successTitle: '提交成功，感谢您的反映！',
  successRepeated: '这份报事此前已提交过，以下是原来的查询编号，不会重复立案。',
  trackingNo: '查询编号',
  trackingHint: '请保存此编号：凭它可随时查看办理进度，并在办结后评价。',
  copy: '复制',
  copied: '已复制',
  copyFailed: '复制失败，请手动记下编号',
  caseNo: '案件编号',
  expectedBy: '预计办结',
  viewProgress: '查看办理进度',
  reportAnother: '再报一件',

  trackTitle: '查询办理进度',
  trackIntro: '输入提交随手拍后得到的查询编号（R 开头，共 11 位）。',
  trackLabel: '查询编号',
  trackPlaceholder: '例如 RPQXQPHB92A',
  trackButton: '查询',
  trackInvalid: '查询编号是 R 加 10 位字母或数字，例如 RPQXQPHB92A。',
  trackLoading: '正在查询…',
  trackNotFound: '没有找到编号为 {no} 的报事，请核对后重试。',
  trackError: '查询失败：{message}',
  trackNoNumber: '还没有编号？',
  trackGoReport: '去随手拍报事',
  refresh: '刷新',
  refreshing: '正在刷新…',
  autoRefresh: '每 30 秒自动刷新 · 上次更新于 {time}',
  refreshFailed: '刷新失败（{message}），稍后会自动重试。',
  statusNow: '当前状态',
  progress: '办理进度',
  reportedAt: '提交时间',
  updatedAt: '最近更新',
  expectedAt: '预计办结时间',
  overdue: '已超过预计时间，正在督促办理',
  closedAt: '已办结',
  yourReport: '您反映的问题',
  locationLabel: '问题位置',
  photoLabel: '现场照片',
  photoOpen: '查看原图',
  timeline: '办理记录',
  timelineEmpty: '暂无办理记录。',
  chinaTime: '时间为北京时间',
  mergedNotice: '您的报事与他人反映的同一问题已合并办理，以下是合并后案件的进度。',
  rejectedNotice: '该报事未予受理，原因见办理记录。如有疑问请拨打 12345 热线。',
  closedNotice: '该问题已办结。',

  rateTitle: '评价办理结果',
  rateIntro: '问题已办结，请为处置结果打分。评 1–2 星会退回责任单位重新办理。',
  rateStars: '星级评分',
  rateStar: '{n} 星：{label}',
  rateComment: '评价意见（选填）',
  rateCommentPlaceholder: '说说处置得怎么样',
  rateSubmit: '提交评价',
  rateSubmitting: '正在提交…',
  ratePick: '请先选择星级。',
  rateLowWarning: '评 1–2 星会把案件退回责任单位重新办理。',
  rateError: '评价提交失败：{message}',
  rated: '您的评价',
  rateThanks: '感谢您的评价！',
  reopened: '您给出了 {n} 星，案件已退回重新办理，处置完毕后会再次请您评价。',
} as const;

export type PublicKey = keyof typeof zh;

const en: Record<PublicKey, string> = {
  brand: 'City Brain',
  brandSub: 'Residents',
  navReport: 'Report a problem',
  navTrack: 'Track a report',
  navMap: 'Public map',
  navSignIn: 'Staff sign-in',
  navDashboard: 'Back to dashboard',
  langSwitch: '中',
  langSwitchLabel: '切换到中文',
  mainNav: 'Residents’ services',
  footer: 'For non-urgent matters you can also call the 12345 citizen hotline.',

  reportTitle: 'Report a problem',
  reportIntro: 'Seen a broken manhole cover, piled-up rubbish or blocked pavement? Pick the kind of problem and its place, and we pass it to the unit responsible. Your tracking number lets you follow it until it is done.',
  emergency: 'In an emergency call 110 (police), 119 (fire) or 120 (ambulance) straight away — do not wait for an online report.',
  urgentType: 'Gas leaks and similar dangers: leave the place at once, do not switch anything on or off or use a flame, and call 119 or the gas emergency line. You can still file this report for the record.',
  required: 'marks a required field',
  optional: '(optional)',
  category: 'Kind of problem',
  categoryPlaceholder: 'Choose the kind of problem',
  categoriesLoading: 'Loading the kinds of problem…',
  categoriesError: 'Could not load the kinds of problem: {message}',
  categoriesEmpty: 'No kinds of problem are offered right now; please call the 12345 hotline.',
  description: 'Description',
  descriptionHint: 'What happened, how to find it (door number, shop name, bus stop …) and for how long.',
  descriptionPlaceholder: 'e.g. The manhole cover next to the Dongjiekou bus stop is loose; people trip over it',
  charCount: '{n}/1000 characters',
  location: 'Where is it?',
  mapHint: 'Click the place on the map; drag the marker to adjust it.',
  mapLabel: 'Map to pick the place. Click to put the marker; keyboard users can move the map with the arrow keys, then press “Use map centre”.',
  useCentre: 'Use map centre',
  useMyLocation: 'Use my location',
  locating: 'Finding you…',
  geoError: 'Could not find your location: {message}',
  geoUnsupported: 'This browser cannot tell your location; pick it on the map or type the address.',
  picked: 'Picked {lng}, {lat}',
  pickedIn: 'in {place}',
  clearPoint: 'Clear',
  noPoint: 'No place picked on the map yet',
  mapLoading: 'Loading the map…',
  mapError: 'The map cannot be shown ({message}); type the address instead.',
  address: 'Or type the address',
  addressPlaceholder: 'e.g. 福州市鼓楼区东街街道军门社区12号',
  addressHint: 'Matched against building addresses. A place picked on the map takes precedence.',
  contact: 'Contact details',
  contactHint: 'Only for the handling staff to check back with you; never published.',
  name: 'Name',
  namePlaceholder: 'e.g. Mr Zhang',
  phone: 'Phone',
  phonePlaceholder: 'e.g. 13800000000',
  photo: 'Photo',
  photoHint: 'JPEG, PNG or WebP, at most 4 MB.',
  photoType: 'This file type is not accepted ({type}): choose a JPEG, PNG or WebP image.',
  photoSize: 'The photo is too large ({size}): at most 4 MB. Compress it or take a smaller one.',
  photoReadError: 'Could not read this photo: {message}',
  photoChoose: 'Choose or take a photo',
  photoChange: 'Choose another',
  photoNone: 'No photo chosen',
  photoRemove: 'Remove photo',
  photoPreview: 'Preview of {name}',
  submit: 'Send report',
  submitting: 'Sending…',
  uploading: 'Uploading {pct}%',
  waiting: 'Waiting for the server to confirm…',
  retrying: 'The network is unsteady; trying again…',
  consent: 'By sending you agree that what you entered is used to handle this problem.',
  errSummary: 'Please fix the following:',
  errType: 'Choose the kind of problem.',
  errDescription: 'Describe the problem (at least 4 characters).',
  errLocation: 'Pick the place on the map, or type the address.',
  errPhone: 'The phone number should have 5–20 digits.',
  errServer: 'The report was not accepted: {message}',
  errTooMany: 'Too many reports from your network in the last 10 minutes. Please try again later, or call 12345 if it is urgent.',
  errNetwork: 'Could not reach the server. Check your connection and press “Send report” again (it will not be filed twice).',
  errAddressUnknown: 'That address was not found: check the door number, or pick the place on the map instead.',
  errOutsideCity: 'That place lies outside the area we serve: pick a place within Fuzhou.',
  errTypeUnknown: 'That kind of problem is no longer offered: please choose again.',
  errPhotoRefused: 'The photo cannot be used: choose another JPEG, PNG or WebP image, or send without a photo.',

  successTitle: 'Thank you — your report has been received',
  successRepeated: 'This report had been sent already; here is its tracking number. It is not filed twice.',
  trackingNo: 'Tracking number',
  trackingHint: 'Keep this number: it shows the progress at any time and lets you rate the result once done.',
  copy: 'Copy',
  copied: 'Copied',
  copyFailed: 'Could not copy; please write the number down',
  caseNo: 'Case number',
  expectedBy: 'Expected by',
  viewProgress: 'See progress',
  reportAnother: 'Report another problem',

  trackTitle: 'Track a report',
  trackIntro: 'Enter the tracking number you got after reporting (R and 10 letters or digits).',
  trackLabel: 'Tracking number',
  trackPlaceholder: 'e.g. RPQXQPHB92A',
  trackButton: 'Track',
  trackInvalid: 'A tracking number is R followed by 10 letters or digits, such as RPQXQPHB92A.',
  trackLoading: 'Looking it up…',
  trackNotFound: 'There is no report with the number {no}. Please check it and try again.',
  trackError: 'Could not look it up: {message}',
  trackNoNumber: 'No number yet?',
  trackGoReport: 'Report a problem',
  refresh: 'Refresh',
  refreshing: 'Refreshing…',
  autoRefresh: 'Refreshes every 30 s · last updated {time}',
  refreshFailed: 'Refresh failed ({message}); it will try again shortly.',
  statusNow: 'Status',
  progress: 'Progress',
  reportedAt: 'Reported',
  updatedAt: 'Last update',
  expectedAt: 'Expected completion',
  overdue: 'Past the expected time; it is being chased up',
  closedAt: 'Done',
  yourReport: 'Your report',
  locationLabel: 'Location',
  photoLabel: 'Photo',
  photoOpen: 'Open full size',
  timeline: 'History',
  timelineEmpty: 'Nothing recorded yet.',
  chinaTime: 'Times in China time',
  mergedNotice: 'Your report is about the same problem as another one and is handled together with it; this is that case’s progress.',
  rejectedNotice: 'This report was not accepted; the reason is in the history. Questions? Call the 12345 hotline.',
  closedNotice: 'This problem has been dealt with.',

  rateTitle: 'Rate the result',
  rateIntro: 'The problem has been dealt with: how well? 1 or 2 stars send it back to be handled again.',
  rateStars: 'Star rating',
  rateStar: '{n} stars: {label}',
  rateComment: 'Comment (optional)',
  rateCommentPlaceholder: 'How was it handled?',
  rateSubmit: 'Send rating',
  rateSubmitting: 'Sending…',
  ratePick: 'Choose a number of stars first.',
  rateLowWarning: '1 or 2 stars send the case back to be handled again.',
  rateError: 'The rating was not accepted: {message}',
  rated: 'Your rating',
  rateThanks: 'Thank you for your rating!',
  reopened: 'You gave {n} stars: the case has been sent back to be handled again, and you will be asked to rate it once more.',
};

const STRINGS: Record<Lang, Record<PublicKey, string>> = { zh, en };

export type PublicT = (key: PublicKey, vars?: Record<string, string | number>) => string;

export function publicT(lang: Lang): PublicT {
  const table = STRINGS[lang];
  return (key, vars) => table[key].replace(/\{(\w+)\}/g, (m, name: string) => (vars && name in vars ? String(vars[name]) : m));
}

/** The closed loop, in order, as a resident follows it. */
export const LOOP_STATUSES = ['reported', 'registered', 'dispatched', 'handling', 'verifying', 'closed'] as const;

const STATUS: Record<string, { zh: string; en: string; zhNote: string; enNote: string }> = {
  reported: { zh: '已提交/待受理', en: 'Received', zhNote: '我们已收到您的报事，工作人员会尽快受理。', enNote: 'We have your report; staff will look at it shortly.' },
  registered: { zh: '受理立案', en: 'Accepted', zhNote: '已受理立案，正在确定责任单位。', enNote: 'Accepted as a case; the responsible unit is being chosen.' },
  dispatched: { zh: '批转派遣', en: 'Assigned', zhNote: '已派遣给责任单位，等待其接单处置。', enNote: 'Passed to the unit responsible, which will take it up.' },
  handling: { zh: '办理中', en: 'Being handled', zhNote: '责任单位正在处置。', enNote: 'The responsible unit is dealing with it.' },
  verifying: { zh: '核查', en: 'Being checked', zhNote: '责任单位已反馈处置结果，正在核查。', enNote: 'The unit reports it done; this is being checked.' },
  closed: { zh: '办结', en: 'Done', zhNote: '已核查办结。', enNote: 'Checked and closed.' },
  rejected: { zh: '不予受理', en: 'Not accepted', zhNote: '该报事未予受理。', enNote: 'This report was not taken up.' },
  merged: { zh: '已合并', en: 'Merged', zhNote: '已与同一问题的报事合并办理。', enNote: 'Handled together with a report of the same problem.' },
};

export function statusLabel(status: string, lang: Lang): string {
  return STATUS[status]?.[lang] ?? status;
}

export function statusNote(status: string, lang: Lang): string {
  const s = STATUS[status];
  return s ? (lang === 'zh' ? s.zhNote : s.enNote) : '';
}

const ACTIONS: Record<string, { zh: string; en: string }> = {
  intake: { zh: '收到您的报事', en: 'Report received' },
  accept: { zh: '受理立案', en: 'Accepted as a case' },
  reject: { zh: '不予受理', en: 'Not accepted' },
  merge: { zh: '与同一问题合并办理', en: 'Merged with a report of the same problem' },
  merged_in: { zh: '同一问题的其他报事已并入', en: 'Another report of the same problem was added' },
  dispatch: { zh: '派遣给责任单位', en: 'Assigned to the responsible unit' },
  take: { zh: '责任单位接单处置', en: 'The unit started work' },
  return: { zh: '责任单位退回，重新派遣', en: 'Returned by the unit, to be reassigned' },
  report: { zh: '处置完毕，反馈结果', en: 'Work done, result reported' },
  verify_pass: { zh: '核查通过，办结', en: 'Checked and closed' },
  verify_fail: { zh: '核查未通过，继续处置', en: 'Check failed, work continues' },
  rate: { zh: '市民评价', en: 'Rated by the reporter' },
  reopen: { zh: '重新办理', en: 'Reopened to be handled again' },
  call_up: { zh: '提请上级协调', en: 'Raised to a higher level for help' },
  acknowledge: { zh: '上级已响应', en: 'The higher level responded' },
  escalate: { zh: '超时督办', en: 'Chased up for being late' },
};

export function actionLabel(action: string, lang: Lang): string {
  return ACTIONS[action]?.[lang] ?? action;
}

export const RATING_LABELS: Record<Lang, readonly string[]> = {
  zh: ['很不满意', '不满意', '一般', '满意', '非常满意'],
  en: ['Very poor', 'Poor', 'Fair', 'Good', 'Very good'],
};

/** "部件 components" → "部件" or "components"; a group without both halves is shown as it is. */
export function groupLabel(group: string, lang: Lang): string {
  const m = /^([^\x00-\x7f]+)\s+([\x00-\x7f]+)$/.exec(group.trim());
  if (!m) return group;
  const friendly: Record<string, { zh: string; en: string }> = {
    部件: { zh: '设施损坏（部件）', en: 'Damaged street furniture' },
    事件: { zh: '环境与秩序（事件）', en: 'Environment and public order' },
  };
  return friendly[m[1]]?.[lang] ?? (lang === 'zh' ? m[1] : m[2][0].toUpperCase() + m[2].slice(1));
}

/** A service's name in the page's language; Open311's description starts with the English name. */
export function serviceLabel(s: { service_name: string; description?: string }, lang: Lang): string {
  if (lang === 'zh') return s.service_name;
  const en = s.description?.replace(/\s*\([^)]*\)\s*$/, '').trim();
  return en || s.service_name;
}

const TIME = {
  zh: new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
};
const CLOCK = {
  zh: new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }),
};

/** A moment in China time, e.g. "2026年11月24日 08:23" / "24 Nov 2026, 08:23". */
export function formatChinaTime(iso: string | number | Date, lang: Lang): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : TIME[lang].format(d);
}

const SHORT = {
  zh: new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
};

/** Month, day and time in China time, for the stepper: "11/24 08:23" / "24 Nov, 08:23". */
export function formatShortChinaTime(iso: string | number | Date, lang: Lang): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : SHORT[lang].format(d);
}

export function formatClock(at: number | Date, lang: Lang): string {
  return CLOCK[lang].format(new Date(at));
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}

/** Labels of the links to these pages from the login page and the public map. */
export function publicLinkLabels(lang: Lang): { report: string; track: string; nav: string } {
  return lang === 'zh'
    ? { report: '我要报事（随手拍）', track: '查询办理进度', nav: '市民服务' }
    : { report: 'Report a problem', track: 'Track a report', nav: 'Residents’ services' };
}
