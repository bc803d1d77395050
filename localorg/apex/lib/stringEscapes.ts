/**
 * Apex String escape*() / unescape*() methods. The Apex Reference Guide ("String Class") describes
 * them in Commons Lang 3's StringEscapeUtils terms (escapeHtml4: "Escapes the characters in a
 * String using HTML 4.0 entities"; escapeXml: "Supports only the five basic XML entities (gt, lt,
 * quot, amp, apos)... Unicode characters greater than 0x7f are not escaped"), so these follow
 * StringEscapeUtils and its EntityArrays tables.
 */

/** EntityArrays.ISO8859_1_ESCAPE: U+00A0..U+00FF in order. */
const ISO8859_1 =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn ' +
  'sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave ' +
  'Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ' +
  'ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN ' +
  'szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute ' +
  'icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml ' +
  'yacute thorn yuml';

/** EntityArrays.HTML40_EXTENDED_ESCAPE as name:codepoint. */
const HTML40_EXTENDED =
  'fnof:402 Alpha:913 Beta:914 Gamma:915 Delta:916 Epsilon:917 Zeta:918 Eta:919 Theta:920 ' +
  'Iota:921 Kappa:922 Lambda:923 Mu:924 Nu:925 Xi:926 Omicron:927 Pi:928 Rho:929 Sigma:931 ' +
  'Tau:932 Upsilon:933 Phi:934 Chi:935 Psi:936 Omega:937 alpha:945 beta:946 gamma:947 delta:948 ' +
  'epsilon:949 zeta:950 eta:951 theta:952 iota:953 kappa:954 lambda:955 mu:956 nu:957 xi:958 ' +
  'omicron:959 pi:960 rho:961 sigmaf:962 sigma:963 tau:964 upsilon:965 phi:966 chi:967 psi:968 ' +
  'omega:969 thetasym:977 upsih:978 piv:982 bull:8226 hellip:8230 prime:8242 Prime:8243 ' +
  'oline:8254 frasl:8260 weierp:8472 image:8465 real:8476 trade:8482 alefsym:8501 larr:8592 ' +
  'uarr:8593 rarr:8594 darr:8595 harr:8596 crarr:8629 lArr:8656 uArr:8657 rArr:8658 dArr:8659 ' +
  'hArr:8660 forall:8704 part:8706 exist:8707 empty:8709 nabla:8711 isin:8712 notin:8713 ni:8715 ' +
  'prod:8719 sum:8721 minus:8722 lowast:8727 radic:8730 prop:8733 infin:8734 ang:8736 and:8743 ' +
  'or:8744 cap:8745 cup:8746 int:8747 there4:8756 sim:8764 cong:8773 asymp:8776 ne:8800 ' +
  'equiv:8801 le:8804 ge:8805 sub:8834 sup:8835 nsub:8836 sube:8838 supe:8839 oplus:8853 ' +
  'otimes:8855 perp:8869 sdot:8901 lceil:8968 rceil:8969 lfloor:8970 rfloor:8971 lang:9001 ' +
  'rang:9002 loz:9674 spades:9824 clubs:9827 hearts:9829 diams:9830 OElig:338 oelig:339 ' +
  'Scaron:352 scaron:353 Yuml:376 circ:710 tilde:732 ensp:8194 emsp:8195 thinsp:8201 zwnj:8204 ' +
  'zwj:8205 lrm:8206 rlm:8207 ndash:8211 mdash:8212 lsquo:8216 rsquo:8217 sbquo:8218 ' +
  'ldquo:8220 rdquo:8221 bdquo:8222 dagger:8224 Dagger:8225 permil:8240 lsaquo:8249 ' +
  'rsaquo:8250 euro:8364';

const BASIC: [string, string][] = [
  ['"', 'quot'],
  ['&', 'amp'],
  ['<', 'lt'],
  ['>', 'gt'],
];

function entityTable(extended: boolean): Map<string, string> {
  const table = new Map<string, string>(BASIC);
  ISO8859_1.split(' ').forEach((name, i) => table.set(String.fromCharCode(0xa0 + i), name));
  if (extended) {
    for (const pair of HTML40_EXTENDED.split(' ')) {
      const [name, code] = pair.split(':');
      table.set(String.fromCharCode(Number(code)), name);
    }
  }
  return table;
}

const HTML3 = entityTable(false);
const HTML4 = entityTable(true);
const XML = new Map<string, string>([...BASIC, ["'", 'apos']]);
const invert = (m: Map<string, string>): Map<string, string> =>
  new Map([...m].map(([ch, name]) => [name, ch]));
const HTML3_NAMES = invert(HTML3);
const HTML4_NAMES = invert(HTML4);
const XML_NAMES = invert(XML);

function escapeEntities(s: string, table: Map<string, string>): string {
  let out = '';
  for (const ch of s) {
    const name = table.get(ch);
    out += name === undefined ? ch : `&${name};`;
  }
  return out;
}

/** LookupTranslator for named entities plus NumericEntityUnescaper (the ';' is required). */
function unescapeEntities(s: string, names: Map<string, string>): string {
  return s.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z][a-zA-Z0-9]*);/g, (whole, body: string) => {
    if (body.startsWith('#')) {
      const hex = body[1] === 'x' || body[1] === 'X';
      const cp = parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
    }
    return names.get(body) ?? whole;
  });
}

export const escapeHtml3 = (s: string): string => escapeEntities(s, HTML3);
export const escapeHtml4 = (s: string): string => escapeEntities(s, HTML4);
export const escapeXml = (s: string): string => escapeEntities(s, XML);
export const unescapeHtml3 = (s: string): string => unescapeEntities(s, HTML3_NAMES);
export const unescapeHtml4 = (s: string): string => unescapeEntities(s, HTML4_NAMES);
export const unescapeXml = (s: string): string => unescapeEntities(s, XML_NAMES);

const CONTROL_ESCAPES: Record<string, string> = {
  '\b': '\\b',
  '\n': '\\n',
  '\t': '\\t',
  '\f': '\\f',
  '\r': '\\r',
};

const unicodeEscape = (unit: number): string =>
  '\\u' + unit.toString(16).toUpperCase().padStart(4, '0');

/** JavaUnicodeEscaper.outsideOf(32, 0x7f): \uXXXX (upper-case hex, surrogates separately). */
function escapeOutsideAscii(ch: string): string {
  let out = '';
  for (let i = 0; i < ch.length; i++) {
    const unit = ch.charCodeAt(i);
    out += unit < 32 || unit > 0x7f ? unicodeEscape(unit) : ch[i];
  }
  return out;
}

function escapeWith(s: string, lookup: Record<string, string>): string {
  let out = '';
  for (const ch of s) out += lookup[ch] ?? CONTROL_ESCAPES[ch] ?? escapeOutsideAscii(ch);
  return out;
}

/** StringEscapeUtils.escapeJava: \" \\ and control escapes, \uXXXX outside 32..127. */
export const escapeJava = (s: string): string => escapeWith(s, { '"': '\\"', '\\': '\\\\' });

/** StringEscapeUtils.escapeEcmaScript: also \' and \/. */
export const escapeEcmaScript = (s: string): string =>
  escapeWith(s, { "'": "\\'", '"': '\\"', '\\': '\\\\', '/': '\\/' });

/** Apex escapeUnicode (doc example: 'voc\u00EA'): UnicodeEscaper outside 32..127. */
export const escapeUnicode = (s: string): string => escapeOutsideAscii(s);

/** UnicodeUnescaper: \u, \uu..., optional '+', then four hex digits. */
const UNICODE_ESCAPE = /^\\u+\+?([0-9a-fA-F]{4})/;

export function unescapeUnicode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length;) {
    const m = s[i] === '\\' ? UNICODE_ESCAPE.exec(s.slice(i)) : null;
    if (m) {
      out += String.fromCharCode(parseInt(m[1], 16));
      i += m[0].length;
    } else {
      out += s[i++];
    }
  }
  return out;
}

const CONTROL_UNESCAPES: Record<string, string> = {
  b: '\b',
  n: '\n',
  t: '\t',
  f: '\f',
  r: '\r',
  '\\': '\\',
  '"': '"',
  "'": "'",
};

/**
 * StringEscapeUtils.unescapeJava (unescapeEcmaScript is the same translator): octal escapes (three
 * digits only when the first is 0-3), \uXXXX, control escapes, \\ \" \', and any other backslash
 * is dropped.
 */
export function unescapeJava(s: string): string {
  let out = '';
  for (let i = 0; i < s.length;) {
    if (s[i] !== '\\') {
      out += s[i++];
      continue;
    }
    if (i + 1 >= s.length) break; // a trailing backslash is dropped too
    const rest = s.slice(i);
    const octal = /^\\([0-3][0-7]{2}|[0-7]{1,2})/.exec(rest);
    const unicode = UNICODE_ESCAPE.exec(rest);
    if (octal) {
      out += String.fromCharCode(parseInt(octal[1], 8));
      i += octal[0].length;
    } else if (unicode) {
      out += String.fromCharCode(parseInt(unicode[1], 16));
      i += unicode[0].length;
    } else {
      out += CONTROL_UNESCAPES[s[i + 1]] ?? s[i + 1];
      i += 2;
    }
  }
  return out;
}

const CSV_SPECIAL = /[,"\r\n]/;

/** CsvEscaper: quote the value (doubling quotes) when it has a comma, quote, CR or LF. */
export function escapeCsv(s: string): string {
  return CSV_SPECIAL.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** CsvUnescaper: only a quoted value that needs quoting is unquoted. */
export function unescapeCsv(s: string): string {
  if (s.length < 2 || s[0] !== '"' || s[s.length - 1] !== '"') return s;
  const inner = s.slice(1, -1);
  return CSV_SPECIAL.test(inner) ? inner.replaceAll('""', '"') : s;
}

/**
 * String.escapeSingleQuotes: "Returns a String with the escape character (\) added before any
 * single quotation marks in the String s" (Apex Reference Guide, String Class).
 */
export const escapeSingleQuotes = (s: string): string => s.replaceAll("'", "\\'");

/** Apex stripHtmlTags ('<b>hello world</b>' gives 'hello world'); the exact rules are not documented. */
export function stripHtmlTags(s: string): string {
  return s
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<\/?[a-zA-Z!][^>]*>/g, '');
}
