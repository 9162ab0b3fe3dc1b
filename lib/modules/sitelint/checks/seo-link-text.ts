import type { SeoAnchor } from "./seo-signals";

/**
 * Generic link texts per language, as listed by Lighthouse 13's `link-text` audit (`nonDescriptiveLinkTexts` in
 * `core/audits/seo/link-text.js`, GoogleChrome/lighthouse f8eac394a68b90109078bba44cafbec7ceb9026a). Matched against
 * the trimmed, lower-cased link text.
 */
export const GENERIC_LINK_TEXTS: Readonly<Record<string, ReadonlySet<string>>> = {
  en: new Set(["click here", "click this", "go", "here", "information", "learn more", "more", "more info", "more information", "right here", "read more", "see more", "start", "this"]),
  ja: new Set(["ここをクリック", "こちらをクリック", "リンク", "続きを読む", "続く", "全文表示"]),
  es: new Set(["click aquí", "click aqui", "clicka aquí", "clicka aqui", "pincha aquí", "pincha aqui", "aquí", "aqui", "más", "mas", "más información", "más informacion", "mas información", "mas informacion", "este", "enlace", "este enlace", "empezar"]),
  pt: new Set(["clique aqui", "ir", "mais informação", "mais informações", "mais", "veja mais"]),
  ko: new Set(["여기", "여기를 클릭", "클릭", "링크", "자세히", "자세히 보기", "계속", "이동", "전체 보기"]),
  sv: new Set(["här", "klicka här", "läs mer", "mer", "mer info", "mer information"]),
  de: new Set(["klicke hier", "hier klicken", "hier", "mehr", "siehe", "dies", "das", "weiterlesen"]),
  ta: new Set(["அடுத்த பக்கம்", "மறுபக்கம்", "முந்தைய பக்கம்", "முன்பக்கம்", "மேலும் அறிக", "மேலும் தகவலுக்கு", "மேலும் தரவுகளுக்கு", "தயவுசெய்து இங்கே அழுத்தவும்", "இங்கே கிளிக் செய்யவும்"]),
  fa: new Set(["اطلاعات بیشتر", "اطلاعات", "این", "اینجا بزنید", "اینجا کلیک کنید", "اینجا", "برو", "بیشتر بخوانید", "بیشتر بدانید", "بیشتر", "شروع"]),
};

export type GenericLink = { href: string; text: string; textLang?: string; selector: string };

const withoutHash = (u: string) => u.replace(/#.*$/, "");

/**
 * Links whose text says nothing about their target, after Lighthouse 13's `link-text`: skipped are links without a
 * resolved href, `rel~=nofollow`, `javascript:` and `mailto:` links and links to the page itself (fragment ignored,
 * so in-page anchors pass). The text's language (`textLang`: the link's own or inherited `lang`, "de-CH" → "de")
 * picks one list; without a language every list applies.
 *
 * @param pageUrl the page's final URL. @param baseUri to resolve SVG anchors' `href`.
 * @returns failing links in document order.
 */
export function genericLinks({ anchors, pageUrl, baseUri }: { anchors: SeoAnchor[]; pageUrl: string; baseUri: string }): GenericLink[] {
  const self = withoutHash(pageUrl);
  const out: GenericLink[] = [];
  for (const a of anchors) {
    const href = a.href ?? (a.rawHref ? (URL.parse(a.rawHref, baseUri)?.href ?? "") : "");
    if (!href || a.rel.includes("nofollow")) continue;
    const lower = href.toLowerCase();
    if (lower.startsWith("javascript:") || lower.startsWith("mailto:") || withoutHash(href) === self) continue;
    const term = a.text.trim().toLowerCase();
    if (!term) continue;
    const lists = a.textLang ? [GENERIC_LINK_TEXTS[a.textLang.split("-")[0]!.toLowerCase()]].filter((l) => !!l) : Object.values(GENERIC_LINK_TEXTS);
    if (lists.some((l) => l.has(term))) out.push({ href, text: a.text.trim(), textLang: a.textLang, selector: a.selector });
  }
  return out;
}
