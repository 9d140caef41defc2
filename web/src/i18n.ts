/**
 * The web app's one translator: the strings of the dashboard and of the residents' pages, Chinese first (the
 * default) and English, in one table per language, and the labels of the shared vocabulary (case statuses,
 * channels, roles, area levels, building uses, facility kinds, severities, alarm statuses, case levels), which
 * come from tiles/domain and are not repeated here. `t(key, vars)` fills `{name}` placeholders; `t.lang` is
 * its language. The residents' strings are the `pub.` keys: residents read plain words ("being handled"), not
 * the command centre's terms. Layer titles and legends live in the layer registry (tiles/layers.ts).
 */
import { createContext, useContext } from 'react';
import { CASE_LEVEL, CASE_SOURCE, CASE_STATUS } from '../../tiles/domain/cases';
import type { Label, Lang } from '../../tiles/domain/labels';
import { AREA_LEVEL, BUILDING_USE, FACILITY_KIND } from '../../tiles/domain/places';
import { ROLE } from '../../tiles/domain/roles';
import { ALARM_STATUS, SEVERITY } from '../../tiles/domain/sensing';

export type { Lang };

/** The dashboard's strings. */
const zh = {
  appTitle: '城市大脑',
  appSubtitle: '一张图 · 一网统管',
  loading: '加载中…',
  loadingTiles: '正在加载 {n} 个瓦片',
  searchPlaceholder: '搜索区域、地址或门牌码（按 / 聚焦）',
  searchNoResults: '没有找到“{q}”',
  searchAreas: '区域',
  searchBuildings: '建筑',
  searching: '搜索中…',
  languageSwitch: 'English',
  layers: '图层',
  legend: '图例',
  figures: '概况',
  population: '常住人口',
  households: '户数',
  buildings: '建筑',
  facilities: '服务设施',
  openIncidents: '在办事件',
  camerasOnline: '摄像头在线',
  parkingFree: '空闲车位',
  children: '下级区域',
  compareChildren: '下级对比',
  noChildren: '网格是最小的管理单元：在地图上点击建筑查看详情。',
  noData: '暂无数据',
  backToCity: '返回全市',
  up: '返回上级',
  errorTitle: '出错了',
  retry: '重试',
  close: '关闭',
  tileError: '瓦片加载失败：{message}',
  buildingCard: '建筑档案',
  address: '地址',
  doorplate: '门牌码',
  use: '用途',
  floors: '层数',
  height: '高度',
  builtYear: '建成年份',
  populationByAge: '人口年龄结构',
  age0to14: '0–14 岁',
  age15to59: '15–59 岁',
  age60plus: '60 岁以上',
  nearbyFacilities: '周边设施',
  recentIncidents: '近期事件',
  none: '无',
  metres: '米',
  persons: '人',
  units: '个',
  floorsUnit: '层',
  clickToDrill: '点击进入',
  clickForCard: '点击查看建筑档案',
  count: '数量',
  open: '在办',
  capacity: '车位',
  free: '空闲',
  online: '在线',
  offline: '离线',
  keyboardHelp: '快捷键：/ 搜索 · Esc 关闭 · Backspace 返回上级',
  databaseEmbedded: '内置数据库',
  databasePostgres: 'PostgreSQL',
  loginTitle: '登录城市大脑',
  loginSubtitle: '指挥中心、街道分中心、职能部门与社区网格的统一工作台',
  username: '用户名',
  password: '密码',
  signIn: '登录',
  signingIn: '正在登录…',
  signOut: '退出登录',
  demoAccounts: '演示账号（密码见 README）',
  sessionExpired: '会话已过期，请重新登录。',
  myArea: '我的辖区',
  scope: '辖区',
  aboveScope: '上级区域：仅显示汇总数据与通往本辖区的下级。',
  residents: '特殊人群',
  residentsHint: '个人信息已脱敏；查看明文需填写事由并记入审计日志。',
  category_elderly_alone: '独居老人',
  category_disabled: '残疾人',
  category_low_income: '低保户',
  category_left_behind_child: '留守儿童',
  allCategories: '全部类别',
  reveal: '查看明文',
  revealReason: '查看事由（将记入审计日志）',
  revealConfirm: '确认查看',
  name: '姓名',
  phone: '电话',
  idNumber: '身份证号',
  auditLog: '审计日志',
  accounts: '账号管理',
  action: '操作',
  time: '时间',
  actor: '操作人',
  target: '对象',
  filterUsername: '按用户名筛选',
  filterAction: '按操作筛选（如 auth.login）',
  createAccount: '新建账号',
  displayName: '显示名称',
  department: '所属部门',
  disable: '停用',
  enable: '启用',
  disabled: '已停用',
  save: '保存',
  created: '已创建',
  total: '共 {n} 条',
  prev: '上一页',
  next: '下一页',
  emptyList: '没有记录',
  publicMap: '公众地图',
  publicMapHint: '无需登录：行政区划、道路、停车与公共服务设施。不含任何个人信息。',
  openPublicMap: '不登录，查看公众地图',
  casesTitle: '事件 · 案件',
  live_connecting: '连接中',
  live_live: '实时',
  live_reconnecting: '重连中',
  live_error: '连接失败',
  caseNew: '登记案件',
  caseFeed: '实时动态',
  caseList: '案件列表',
  feedEmpty: '暂无新动态，新案件和办理进展会实时出现在这里',
  filterStatus: '状态',
  statusLive: '在办（全部）',
  filterType: '类型',
  allTypes: '全部类型',
  filterSource: '来源',
  allSources: '全部来源',
  overdueOnly: '仅超期',
  noCases: '没有符合条件的案件',
  overdueBy: '超期 {d}',
  dueIn: '剩余 {d}',
  pageOf: '{from}–{to} / 共 {total}',
  durDH: '{d}天{h}时',
  durHM: '{h}时{m}分',
  durM: '{m}分',
  caseDetail: '案件详情',
  stage_accept: '受理时限',
  stage_dispatch: '派遣时限',
  stage_handle: '处置时限',
  stage_verify: '核查时限',
  dueAt: '截止',
  workingTime: '按工作时间',
  caseLevel: '处置层级',
  callUpPending: '待响应呼叫',
  caseUnit: '责任单位',
  caseReported: '上报时间',
  caseRating: '评价',
  closureCondition: '结案条件',
  reporters: '上报人（{n}）',
  photo: '现场照片',
  notePlaceholder: '处置情况说明',
  reasonPlaceholder: '原因（必填）',
  suggested: '建议',
  noDuplicates: '附近48小时内没有同类在办案件',
  cancel: '取消',
  reload: '刷新',
  timeline: '办理过程',
  intakeHint: '移动地图，使十字准星对准事发位置，再填写并登记。',
  priority: '紧急程度',
  priority_1: '紧急',
  priority_2: '一般',
  priority_3: '较缓',
  description: '问题描述',
  saving: '提交中…',
  register: '受理立案',
  mapNotReady: '地图尚未就绪',
  action_intake: '上报',
  action_accept: '受理立案',
  action_reject: '不予受理',
  action_merge: '合并',
  action_merged_in: '并入重复上报',
  action_dispatch: '派遣',
  action_take: '签收',
  action_return: '退回',
  action_report: '办结反馈',
  action_verify_pass: '核查通过',
  action_verify_fail: '核查不通过',
  action_rate: '评价',
  action_reopen: '重新办理',
  action_call_up: '呼叫上级',
  action_acknowledge: '响应呼叫',
  action_escalate: '超期升级',
  actor_system: '系统',
  actor_reporter: '上报人',
  devicesOnline: '感知设备在线',
  alarmsOpen: '未闭环告警',
  alarms: '告警',
  alarmsNone: '当前区域没有未闭环的告警',
  alarmAck: '确认',
  alarmAcked: '已确认',
  alarmOpenCase: '查看案件',
  alarmOccurrences: '{n} 次',
  device: '感知设备',
  deviceCode: '设备编号',
  lastSeen: '最后上报',
  heartbeat: '心跳周期',
  minutesUnit: '分钟',
  latestValues: '最新读数',
  telemetry: '监测曲线',
  window24h: '24小时',
  window7d: '7天',
  noTelemetry: '该时段没有读数',
  recentAlarms: '近期告警',
  noAlarms: '暂无告警',
  camera: '视频监控',
  cameraKind_fixed: '枪机',
  cameraKind_dome: '球机',
  cameraKind_ai: 'AI摄像机',
  owner: '权属',
  direction: '朝向',
  fieldOfView: '视角',
  range: '可视距离',
  liveView: '实时画面',
  liveViewOffline: '摄像头离线，无实时画面',
  liveViewError: '画面加载失败：{message}',
  findParking: '找空车位',
  findParkingHint: '在地图上点击一个位置，或在上方搜索一个地址，查找附近有空位的停车场（按道路距离）',
  parkingResults: '附近空车位',
  parkingNone: '8公里道路距离内没有空车位',
  roadDistance: '道路距离',
  walkMin: '步行 {n} 分钟',
  driveMin: '驾车 {n} 分钟',
  parkingLot: '停车场',
  occupancy24h: '近24小时占用',
  deviceStatus: '状态',
  utilisation: '利用率',
  buildingDevices: '楼内感知设备',
  deviceKinds: '设备类型',
  building: '所在建筑',
};

const en: Record<keyof typeof zh, string> = {
  appTitle: 'City Brain',
  appSubtitle: 'One map · one network',
  loading: 'Loading…',
  loadingTiles: 'Loading {n} tiles',
  searchPlaceholder: 'Search areas, addresses or doorplate codes (press /)',
  searchNoResults: 'Nothing found for “{q}”',
  searchAreas: 'Areas',
  searchBuildings: 'Buildings',
  searching: 'Searching…',
  languageSwitch: '中文',
  layers: 'Layers',
  legend: 'Legend',
  figures: 'Overview',
  population: 'Population',
  households: 'Households',
  buildings: 'Buildings',
  facilities: 'Facilities',
  openIncidents: 'Open cases',
  camerasOnline: 'Cameras online',
  parkingFree: 'Free parking',
  children: 'Sub-areas',
  compareChildren: 'Sub-areas compared',
  noChildren: 'A grid is the smallest unit: click a building on the map for its card.',
  noData: 'No data',
  backToCity: 'Back to the city',
  up: 'Up one level',
  errorTitle: 'Something went wrong',
  retry: 'Retry',
  close: 'Close',
  tileError: 'A map tile failed to load: {message}',
  buildingCard: 'Building',
  address: 'Address',
  doorplate: 'Doorplate code',
  use: 'Use',
  floors: 'Floors',
  height: 'Height',
  builtYear: 'Built',
  populationByAge: 'Residents by age',
  age0to14: '0–14',
  age15to59: '15–59',
  age60plus: '60+',
  nearbyFacilities: 'Nearby facilities',
  recentIncidents: 'Recent cases',
  none: 'None',
  metres: 'm',
  persons: '',
  units: '',
  floorsUnit: '',
  clickToDrill: 'Click to open',
  clickForCard: 'Click for the building card',
  count: 'Count',
  open: 'open',
  capacity: 'spaces',
  free: 'free',
  online: 'online',
  offline: 'offline',
  keyboardHelp: 'Keys: / search · Esc close · Backspace up one level',
  databaseEmbedded: 'embedded database',
  databasePostgres: 'PostgreSQL',
  loginTitle: 'Sign in to City Brain',
  loginSubtitle: 'One workbench for the command centre, street sub-centres, departments and grid members',
  username: 'Username',
  password: 'Password',
  signIn: 'Sign in',
  signingIn: 'Signing in…',
  signOut: 'Sign out',
  demoAccounts: 'Demo accounts (password in the README)',
  sessionExpired: 'Your session has ended; please sign in again.',
  myArea: 'My area',
  scope: 'Scope',
  aboveScope: 'An area above your scope: totals only, and the sub-area that leads to yours.',
  residents: 'Special groups',
  residentsHint: 'Personal data is masked; reading it in clear needs a reason and is audited.',
  category_elderly_alone: 'Elderly living alone',
  category_disabled: 'Disabled',
  category_low_income: 'Low income (dibao)',
  category_left_behind_child: 'Left-behind child',
  allCategories: 'All categories',
  reveal: 'Show in clear',
  revealReason: 'Reason (goes to the audit log)',
  revealConfirm: 'Show',
  name: 'Name',
  phone: 'Phone',
  idNumber: 'ID number',
  auditLog: 'Audit log',
  accounts: 'Accounts',
  action: 'Action',
  time: 'Time',
  actor: 'Actor',
  target: 'Target',
  filterUsername: 'Filter by username',
  filterAction: 'Filter by action (e.g. auth.login)',
  createAccount: 'New account',
  displayName: 'Display name',
  department: 'Department',
  disable: 'Disable',
  enable: 'Enable',
  disabled: 'disabled',
  save: 'Save',
  created: 'Created',
  total: '{n} in all',
  prev: 'Previous',
  next: 'Next',
  emptyList: 'Nothing here',
  publicMap: 'Public map',
  publicMapHint: 'No account needed: areas, roads, parking and public service facilities. No personal data.',
  openPublicMap: 'View the public map without signing in',
  casesTitle: 'Incidents · cases',
  live_connecting: 'connecting',
  live_live: 'live',
  live_reconnecting: 'reconnecting',
  live_error: 'disconnected',
  caseNew: 'New case',
  caseFeed: 'Live feed',
  caseList: 'Case list',
  feedEmpty: 'Nothing new yet: new cases and progress appear here as they happen',
  filterStatus: 'Status',
  statusLive: 'Open (all stages)',
  filterType: 'Type',
  allTypes: 'All types',
  filterSource: 'Source',
  allSources: 'All sources',
  overdueOnly: 'Overdue only',
  noCases: 'No cases match',
  overdueBy: 'overdue {d}',
  dueIn: '{d} left',
  pageOf: '{from}–{to} of {total}',
  durDH: '{d}d {h}h',
  durHM: '{h}h {m}m',
  durM: '{m} min',
  caseDetail: 'Case',
  stage_accept: 'Accept by',
  stage_dispatch: 'Dispatch by',
  stage_handle: 'Handle by',
  stage_verify: 'Verify by',
  dueAt: 'due',
  workingTime: 'working time',
  caseLevel: 'Level',
  callUpPending: 'call-up awaiting response',
  caseUnit: 'Responsible unit',
  caseReported: 'Reported',
  caseRating: 'Rating',
  closureCondition: 'Closure condition',
  reporters: 'Reporters ({n})',
  photo: 'Photo',
  notePlaceholder: 'What was done',
  reasonPlaceholder: 'Reason (required)',
  suggested: 'suggested',
  noDuplicates: 'No open case of this type nearby in the last 48 h',
  cancel: 'Cancel',
  reload: 'Reload',
  timeline: 'Timeline',
  intakeHint: 'Move the map so the crosshair is on the spot, then fill in and register.',
  priority: 'Priority',
  priority_1: 'Urgent',
  priority_2: 'Normal',
  priority_3: 'Low',
  description: 'Description',
  saving: 'Saving…',
  register: 'Register',
  mapNotReady: 'The map is not ready yet',
  action_intake: 'Reported',
  action_accept: 'Accept',
  action_reject: 'Reject',
  action_merge: 'Merge',
  action_merged_in: 'Duplicate merged in',
  action_dispatch: 'Dispatch',
  action_take: 'Take',
  action_return: 'Return',
  action_report: 'Report done',
  action_verify_pass: 'Verify: pass',
  action_verify_fail: 'Verify: fail',
  action_rate: 'Rate',
  action_reopen: 'Reopen',
  action_call_up: 'Call up',
  action_acknowledge: 'Acknowledge',
  action_escalate: 'Escalated (overdue)',
  actor_system: 'system',
  actor_reporter: 'reporter',
  devicesOnline: 'Devices online',
  alarmsOpen: 'Open alarms',
  alarms: 'Alarms',
  alarmsNone: 'No open alarms in this area',
  alarmAck: 'Acknowledge',
  alarmAcked: 'Acknowledged',
  alarmOpenCase: 'Open case',
  alarmOccurrences: '{n}×',
  device: 'IoT device',
  deviceCode: 'Device code',
  lastSeen: 'Last report',
  heartbeat: 'Heartbeat',
  minutesUnit: 'min',
  latestValues: 'Latest readings',
  telemetry: 'Telemetry',
  window24h: '24 h',
  window7d: '7 days',
  noTelemetry: 'No readings in this period',
  recentAlarms: 'Recent alarms',
  noAlarms: 'No alarms',
  camera: 'Camera',
  cameraKind_fixed: 'Fixed',
  cameraKind_dome: 'Dome',
  cameraKind_ai: 'AI camera',
  owner: 'Owner',
  direction: 'Direction',
  fieldOfView: 'Field of view',
  range: 'Range',
  liveView: 'Live view',
  liveViewOffline: 'Camera offline: no live view',
  liveViewError: 'Live view failed: {message}',
  findParking: 'Find parking',
  findParkingHint: 'Click a place on the map, or search an address above, to find nearby parking with free spaces (by road distance)',
  parkingResults: 'Free parking nearby',
  parkingNone: 'No free parking within 8 km by road',
  roadDistance: 'By road',
  walkMin: '{n} min walk',
  driveMin: '{n} min drive',
  parkingLot: 'Parking',
  occupancy24h: 'Occupancy, last 24 h',
  deviceStatus: 'Status',
  utilisation: 'Utilisation',
  buildingDevices: 'Sensors in this building',
  deviceKinds: 'Device kinds',
  building: 'Building',
};

/** The residents' pages (随手拍 report form, tracking page, links to them): the `pub.` keys. */
const residentsZh = {
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

  skipToContent: '跳到正文',
  linkReport: '我要报事（随手拍）',
  linkTrack: '查询办理进度',
  linkNav: '市民服务',
  groupComponents: '设施损坏（部件）',
  groupEvents: '环境与秩序（事件）',
  gestureWindows: '按住 Ctrl 并滚动以缩放地图',
  gestureMac: '按住 ⌘ 并滚动以缩放地图',
  gestureMobile: '用两根手指移动地图',

  // What happened to a report, in plain words (the timeline of the tracking page).
  action_intake: '收到您的报事',
  action_accept: '受理立案',
  action_reject: '不予受理',
  action_merge: '与同一问题合并办理',
  action_merged_in: '同一问题的其他报事已并入',
  action_dispatch: '派遣给责任单位',
  action_take: '责任单位接单处置',
  action_return: '责任单位退回，重新派遣',
  action_report: '处置完毕，反馈结果',
  action_verify_pass: '核查通过，办结',
  action_verify_fail: '核查未通过，继续处置',
  action_rate: '市民评价',
  action_reopen: '重新办理',
  action_call_up: '提请上级协调',
  action_acknowledge: '上级已响应',
  action_escalate: '超时督办',

  rating_1: '很不满意',
  rating_2: '不满意',
  rating_3: '一般',
  rating_4: '满意',
  rating_5: '非常满意',
};

const residentsEn: Record<keyof typeof residentsZh, string> = {
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

  skipToContent: 'Skip to content',
  linkReport: 'Report a problem',
  linkTrack: 'Track a report',
  linkNav: 'Residents’ services',
  groupComponents: 'Damaged street furniture',
  groupEvents: 'Environment and public order',
  gestureWindows: 'Use Ctrl + scroll to zoom the map',
  gestureMac: 'Use ⌘ + scroll to zoom the map',
  gestureMobile: 'Use two fingers to move the map',

  action_intake: 'Report received',
  action_accept: 'Accepted as a case',
  action_reject: 'Not accepted',
  action_merge: 'Merged with a report of the same problem',
  action_merged_in: 'Another report of the same problem was added',
  action_dispatch: 'Assigned to the responsible unit',
  action_take: 'The unit started work',
  action_return: 'Returned by the unit, to be reassigned',
  action_report: 'Work done, result reported',
  action_verify_pass: 'Checked and closed',
  action_verify_fail: 'Check failed, work continues',
  action_rate: 'Rated by the reporter',
  action_reopen: 'Reopened to be handled again',
  action_call_up: 'Raised to a higher level for help',
  action_acknowledge: 'The higher level responded',
  action_escalate: 'Chased up for being late',

  rating_1: 'Very poor',
  rating_2: 'Poor',
  rating_3: 'Fair',
  rating_4: 'Good',
  rating_5: 'Very good',
};

type Namespaced<N extends string, T> = { [K in keyof T & string as `${N}.${K}`]: T[K] };

function namespaced<N extends string, T extends Record<string, string>>(ns: N, table: T): Namespaced<N, T> {
  return Object.fromEntries(Object.entries(table).map(([k, v]) => [`${ns}.${k}`, v])) as Namespaced<N, T>;
}

const ZH = { ...zh, ...namespaced('pub', residentsZh) };
export type MessageKey = keyof typeof ZH;
const MESSAGES: Record<Lang, Record<MessageKey, string>> = { zh: ZH, en: { ...en, ...namespaced('pub', residentsEn) } };

/** The shared vocabulary by key prefix: `status_closed`, `role_admin`, `use_office` … are read from tiles/domain. */
const VOCABULARY = new Map<string, Partial<Record<string, Label>>>([
  ['status', CASE_STATUS],
  ['source', CASE_SOURCE],
  ['caseLevel', CASE_LEVEL],
  ['role', ROLE],
  ['level', AREA_LEVEL],
  ['use', BUILDING_USE],
  ['kind', FACILITY_KIND],
  ['severity', SEVERITY],
  ['alarmStatus', ALARM_STATUS],
]);

function vocabularyLabel(key: string, lang: Lang): string | undefined {
  const i = key.indexOf('_');
  const terms = i > 0 ? VOCABULARY.get(key.slice(0, i)) : undefined;
  const value = key.slice(i + 1);
  return terms && Object.hasOwn(terms, value) ? terms[value]?.[lang] : undefined;
}

export type Vars = Record<string, string | number>;

/**
 * Strings in one language: `t(key, vars)`, and `t.lang`. A vocabulary key (`status_closed`, `use_office`) reads
 * tiles/domain — `label()` is the way to ask for one; an unknown key is shown as it is.
 */
export interface Translate {
  (key: MessageKey, vars?: Vars): string;
  readonly lang: Lang;
}

function makeTranslator(lang: Lang): Translate {
  const table: Record<string, string> = MESSAGES[lang];
  const t = (key: MessageKey, vars?: Vars) => {
    const s = (Object.hasOwn(table, key) ? table[key] : vocabularyLabel(key, lang)) ?? key;
    return vars ? s.replace(/\{(\w+)\}/g, (m, name: string) => (Object.hasOwn(vars, name) ? String(vars[name]) : m)) : s;
  };
  return Object.assign(t, { lang });
}

const TRANSLATORS: Record<Lang, Translate> = { zh: makeTranslator('zh'), en: makeTranslator('en') };

export function translator(lang: Lang): Translate {
  return TRANSLATORS[lang];
}

/**
 * A value of a closed vocabulary in the translator's language (`label(t, 'status', 'closed')` → 办结): the shared
 * vocabulary of tiles/domain (status, source, caseLevel, role, level, use, kind, severity, alarmStatus), else the
 * UI's own `prefix_value` key (action, actor, category, cameraKind, priority, pub.action …), else the value itself.
 */
export function label(t: Translate, prefix: string, value: string): string {
  const key = `${prefix}_${value}`;
  const s = t(key as MessageKey);
  return s === key ? value : s;
}

/** Numbers as the language writes them: 12,345 or 1.2万 for large Chinese figures. */
export function formatNumber(n: number, lang: Lang): string {
  if (lang === 'zh' && Math.abs(n) >= 100_000) return `${(n / 10_000).toFixed(1)}万`;
  return n.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US');
}

export const I18nContext = createContext<{ lang: Lang; t: Translate }>({ lang: 'zh', t: translator('zh') });
export const useI18n = () => useContext(I18nContext);

const LANG_KEY = 'citybrain.lang';

/** The language a page opens in: `?lang=` in the address, else the last choice on this browser, else Chinese. */
export function initialLang(search: string = window.location.search): Lang {
  const stored = typeof localStorage !== 'undefined' ? localStorage.getItem(LANG_KEY) : null;
  return (new URLSearchParams(search).get('lang') ?? stored) === 'en' ? 'en' : 'zh';
}

/** Remember a language choice on this browser, and in the address when it names one (a reload keeps it). */
export function saveLang(lang: Lang): void {
  localStorage.setItem(LANG_KEY, lang);
  const p = new URLSearchParams(window.location.search);
  if (!p.has('lang')) return;
  if (lang === 'zh') p.delete('lang');
  else p.set('lang', lang);
  const search = p.toString();
  window.history.replaceState(window.history.state, '', `${window.location.pathname}${search ? `?${search}` : ''}${window.location.hash}`);
}

// The residents' pages: statuses in plain words, ratings, kinds of problem, and times in China time.

/** A case status as residents read it (已提交/待受理, Being handled …), from tiles/domain. */
export function residentStatus(t: Translate, status: string): string {
  return Object.hasOwn(CASE_STATUS, status) ? CASE_STATUS[status as keyof typeof CASE_STATUS].public[t.lang] : status;
}

/** A resident's one-line explanation of a status. */
export function residentStatusNote(t: Translate, status: string): string {
  return Object.hasOwn(CASE_STATUS, status) ? CASE_STATUS[status as keyof typeof CASE_STATUS].note[t.lang] : '';
}

/** The words of a rating of 1–5 stars. */
export function ratingLabel(t: Translate, stars: number): string {
  return t(`pub.rating_${stars}` as MessageKey);
}

const FRIENDLY_GROUPS: Record<string, MessageKey> = { 部件: 'pub.groupComponents', 事件: 'pub.groupEvents' };

/** "部件 components" → "设施损坏（部件）" / "Damaged street furniture"; a group without both halves is shown as it is. */
export function groupLabel(t: Translate, group: string): string {
  const m = /^([^\p{ASCII}]+)\s+(\p{ASCII}+)$/u.exec(group.trim());
  if (!m) return group;
  if (Object.hasOwn(FRIENDLY_GROUPS, m[1])) return t(FRIENDLY_GROUPS[m[1]]);
  return t.lang === 'zh' ? m[1] : m[2][0].toUpperCase() + m[2].slice(1);
}

/** A kind of problem (an Open311 service) in the page's language; Open311's description starts with the English name. */
export function serviceLabel(t: Translate, s: { service_name: string; description?: string }): string {
  if (t.lang === 'zh') return s.service_name;
  const name = s.description?.replace(/\s*\([^)]*\)\s*$/, '').trim();
  return name || s.service_name;
}

type ChinaFormat = 'time' | 'short' | 'clock';
const CHINA_FORMATS: Record<ChinaFormat, Record<Lang, Intl.DateTimeFormatOptions>> = {
  time: {
    zh: { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' },
    en: { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' },
  },
  short: {
    zh: { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' },
    en: { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' },
  },
  clock: {
    zh: { hour: '2-digit', minute: '2-digit', second: '2-digit' },
    en: { hour: '2-digit', minute: '2-digit', second: '2-digit' },
  },
};
const formatters = new Map<string, Intl.DateTimeFormat>();

/** A formatter in China time, made on first use: each costs milliseconds to make, and most pages need none. */
function chinaTime(format: ChinaFormat, lang: Lang): Intl.DateTimeFormat {
  const key = `${format}.${lang}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', hourCycle: 'h23', ...CHINA_FORMATS[format][lang] });
    formatters.set(key, f);
  }
  return f;
}

/** A moment in China time (Asia/Shanghai, whatever the browser's zone), e.g. "2026年11月24日 08:23" / "24 Nov 2026, 08:23". */
export function formatChinaTime(iso: string | number | Date, lang: Lang): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : chinaTime('time', lang).format(d);
}

/** Month, day and time in China time, for the stepper: "11/24 08:23" / "24 Nov, 08:23". */
export function formatShortChinaTime(iso: string | number | Date, lang: Lang): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : chinaTime('short', lang).format(d);
}

/** The time of day in China time, with seconds. */
export function formatClock(at: number | Date, lang: Lang): string {
  return chinaTime('clock', lang).format(new Date(at));
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}
