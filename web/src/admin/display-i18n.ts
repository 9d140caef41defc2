/**
 * The strings of the administrators' wall-display screen (DisplaysView.tsx), Chinese and English. The scenes'
 * and fits' names come from tiles/domain/wall.ts and are not repeated here; `useDisplayText()` picks the table
 * of the dashboard's current language and fills `{name}` placeholders as the app's translator does.
 */
import { useMemo } from 'react';
import { useI18n, type Lang, type Vars } from '../i18n';

const zh = {
  menu: '大屏管理',
  title: '大屏管理',
  intro: '大屏是绑定一块屏幕的只读身份：只能查看所选区域，无需密码，凭专属地址登录。',
  name: '名称',
  namePlaceholder: '如：鼓楼区指挥中心主屏',
  area: '区域',
  areaPlaceholder: '区域名称或代码',
  areaHint: '区域代码为 4、6、9 或 12 位数字（市、区、街道、社区），如 350102',
  scenes: '轮播场景',
  dwell: '停留（秒）',
  dwellAreas: '每个下级区域停留（秒）',
  noScene: '请至少选择一个场景',
  fit: '适配方式',
  takeover: '告警插播（秒）',
  create: '创建大屏',
  creating: '创建中…',
  urlTitle: '大屏地址（只显示这一次）',
  urlWarning: '此地址只显示这一次，之后无法再次查看。任何人打开它都无需密码即可进入大屏，请妥善保管，只在大屏的浏览器中打开。',
  kiosk: '在大屏电脑上以全屏（kiosk）模式打开：',
  copy: '复制',
  copied: '已复制',
  copyFailed: '无法自动复制，请选中地址后按 Ctrl+C',
  done: '我已保存，关闭',
  list: '已创建的大屏',
  loading: '正在读取大屏列表…',
  empty: '还没有大屏：在上方创建第一个。',
  createdAt: '创建',
  lastSeen: '最近在线',
  never: '从未打开',
  revokedAt: '已撤销 {time}',
  seconds: '{n} 秒',
  unitSeconds: '秒',
  rename: '改名',
  save: '保存',
  cancel: '取消',
  revoke: '撤销',
  revokeConfirm: '撤销后这块屏幕立即显示“已撤销”，地址永久失效。确定撤销“{name}”？',
  revokeYes: '确定撤销',
  actions: '操作',
} as const;

type DisplayKey = keyof typeof zh;

const en: Record<DisplayKey, string> = {
  menu: 'Wall displays',
  title: 'Wall displays',
  intro: 'A display is a read-only identity bound to one screen: it sees only its area and signs in with its own address, without a password.',
  name: 'Name',
  namePlaceholder: 'e.g. Gulou main wall',
  area: 'Area',
  areaPlaceholder: 'Area name or code',
  areaHint: 'An area code has 4, 6, 9 or 12 digits (city, district, street, community), e.g. 350102',
  scenes: 'Tour',
  dwell: 'Dwell (s)',
  dwellAreas: 'Dwell per sub-area (s)',
  noScene: 'Choose at least one scene',
  fit: 'Fit',
  takeover: 'Alert takeover (s)',
  create: 'Create display',
  creating: 'Creating…',
  urlTitle: 'The display\'s address (shown this once only)',
  urlWarning: 'This address is shown only this once and cannot be retrieved later. Anyone who opens it gets the wall without a password: keep it safe and open it only on the wall\'s browser.',
  kiosk: 'On the wall\'s computer, open it full-screen (kiosk mode):',
  copy: 'Copy',
  copied: 'Copied',
  copyFailed: 'Cannot copy by itself: select the address and press Ctrl+C',
  done: 'I have saved it, close',
  list: 'Displays',
  loading: 'Reading the displays…',
  empty: 'No displays yet: create the first one above.',
  createdAt: 'Created',
  lastSeen: 'Last seen',
  never: 'never opened',
  revokedAt: 'revoked {time}',
  seconds: '{n} s',
  unitSeconds: 's',
  rename: 'Rename',
  save: 'Save',
  cancel: 'Cancel',
  revoke: 'Revoke',
  revokeConfirm: 'The screen shows "revoked" at once and the address stops working for good. Revoke "{name}"?',
  revokeYes: 'Revoke',
  actions: 'Actions',
};

/** The screen's strings by language. */
export const DISPLAY_TEXT: Record<Lang, Record<DisplayKey, string>> = { zh, en };

/** A display string in a language, `{name}` placeholders filled from `vars`. */
export function displayText(lang: Lang, key: DisplayKey, vars?: Vars): string {
  const s = DISPLAY_TEXT[lang][key];
  return vars ? s.replace(/\{(\w+)\}/g, (m, name: string) => (Object.hasOwn(vars, name) ? String(vars[name]) : m)) : s;
}

/** The display screen's translator in the dashboard's current language. */
export function useDisplayText(): (key: DisplayKey, vars?: Vars) => string {
  const { lang } = useI18n();
  return useMemo(() => (key: DisplayKey, vars?: Vars) => displayText(lang, key, vars), [lang]);
}
