import { localeFallbacks } from '../../locale.js';
import type { EmailWording } from '../wording.js';
import { en } from './en.js';
import { ja } from './ja.js';
import { ko } from './ko.js';
import { zhCN } from './zh-cn.js';
import { zhTW } from './zh-tw.js';

/** The built-in languages, by lower-cased tag. Add a language: a file beside this one, and a line here. */
const languages: Record<string, EmailWording> = { en, ko, ja, 'zh-cn': zhCN, 'zh-tw': zhTW };

/**
 * Chinese tags that name a script or a region rather than `zh-CN` / `zh-TW`: Hong Kong and Macau
 * write Traditional characters (Logto's own `zh-HK` locale), Singapore Simplified.
 */
const aliases: Record<string, string> = {
  'zh-hant': 'zh-tw',
  'zh-hk': 'zh-tw',
  'zh-mo': 'zh-tw',
  'zh-hans': 'zh-cn',
  'zh-sg': 'zh-cn',
  zh: 'zh-cn',
};

/**
 * The built-in wording for a locale, chosen as config templates are: the most specific tag first
 * (`ko-KR` → `ko`), English when no built-in language matches.
 *
 * @example
 * builtInWording('ko-KR').lang // → 'ko'
 * builtInWording('zh-Hant-HK').lang // → 'zh-TW'
 * builtInWording('fr').lang // → 'en'
 */
export const builtInWording = (locale: string | undefined): EmailWording => {
  for (const tag of localeFallbacks(locale)) {
    const wording = languages[aliases[tag] ?? tag];
    if (wording) {
      return wording;
    }
  }
  return en;
};
