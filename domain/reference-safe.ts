/** The reversible safe form of a case reference for Temporal workflow IDs and URLs (no zod: the workflow bundle imports it). */

/**
 * Letters, digits and '-' stand for themselves, a space is '_', a slash '~'; any other character is
 * '.' and two hex digits (or '..' and four beyond U+00FF). Every code starts differently, so the
 * mapping is one-to-one and `referenceFromSafe` reads it back; a reference of the default scheme
 * maps to itself, so existing workflow IDs are unchanged.
 */
export function referenceToSafe(reference: string): string {
  let safe = '';
  for (const ch of reference) {
    for (let i = 0; i < ch.length; i++) {
      const c = ch[i]!;
      const code = c.charCodeAt(0);
      if (/[A-Za-z0-9-]/.test(c)) safe += c;
      else if (c === ' ') safe += '_';
      else if (c === '/') safe += '~';
      else if (code <= 0xff) safe += `.${code.toString(16).toUpperCase().padStart(2, '0')}`;
      else safe += `..${code.toString(16).toUpperCase().padStart(4, '0')}`;
    }
  }
  return safe;
}

/** The reference a safe form stands for, or undefined when the text is not one `referenceToSafe` writes. */
export function referenceFromSafe(safe: string): string | undefined {
  let out = '';
  for (let i = 0; i < safe.length; ) {
    const c = safe[i]!;
    if (/[A-Za-z0-9-]/.test(c)) {
      out += c;
      i += 1;
    } else if (c === '_') {
      out += ' ';
      i += 1;
    } else if (c === '~') {
      out += '/';
      i += 1;
    } else if (c === '.') {
      const wide = safe[i + 1] === '.';
      const hex = wide ? safe.slice(i + 2, i + 6) : safe.slice(i + 1, i + 3);
      if (!/^[0-9A-F]+$/.test(hex) || hex.length !== (wide ? 4 : 2)) return undefined;
      const code = parseInt(hex, 16);
      // Only the shortest code is written: anything else is not a safe form.
      if (wide ? code <= 0xff : /[A-Za-z0-9 /-]/.test(String.fromCharCode(code))) return undefined;
      out += String.fromCharCode(code);
      i += wide ? 6 : 3;
    } else return undefined;
  }
  return out;
}
