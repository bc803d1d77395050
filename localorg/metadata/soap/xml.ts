/** Writing SOAP XML: objects become nested elements in key order, arrays repeat, null is left out. */

export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

export type SoapValue = string | number | boolean | null | undefined | SoapObject | SoapValue[];
export interface SoapObject {
  [name: string]: SoapValue;
}

/** `<name>value</name>`; an array repeats the element; an empty object is `<name/>`. */
export function element(name: string, value: SoapValue): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => element(name, v)).join('');
  if (typeof value === 'object') {
    const inner = Object.entries(value)
      .map(([k, v]) => element(k, v))
      .join('');
    return inner ? `<${name}>${inner}</${name}>` : `<${name}/>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}
