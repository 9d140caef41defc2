/**
 * The special groups (特殊人群) a community looks after. Their members' personal data is always masked
 * (脱敏) unless one record is revealed, with a reason, by a role that needs it.
 */
import type { Label } from './labels';

export const RESIDENT_CATEGORIES = ['elderly_alone', 'disabled', 'low_income', 'left_behind_child'] as const;
export type ResidentCategory = (typeof RESIDENT_CATEGORIES)[number];
export const RESIDENT_CATEGORY: Record<ResidentCategory, Label> = {
  elderly_alone: { zh: '独居老人', en: 'Elderly living alone' },
  disabled: { zh: '残疾人', en: 'Disabled' },
  low_income: { zh: '低保户', en: 'Low-income household' },
  left_behind_child: { zh: '留守儿童', en: 'Left-behind child' },
};
