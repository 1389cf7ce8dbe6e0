const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/**
 * Escapes text for an HTML text node or a quoted attribute value.
 *
 * @example
 * escapeHtml('<img src=x>') // '&lt;img src=x&gt;'
 */
export function escapeHtml(value: string | number | boolean): string {
  return String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c)
}

/**
 * Serialises data for a `<script type="application/json">` block: every `<` becomes `\u003c`
 * so no string can close the script or open a comment, and the line separators JavaScript
 * parsers once choked on are escaped too. `JSON.parse` reads it back unchanged.
 *
 * @example
 * jsonForScript({ name: '</script>' }) // '{"name":"\\u003c/script>"}'
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}

/**
 * Makes library source safe inside an inline `<script>`: `</script` and `<!--` are broken up
 * (both only ever occur inside strings or regular expressions, where `<\/` means `</`).
 *
 * @example
 * inlineScriptText('s="</script>"') // 's="<\\/script>"'
 */
export function inlineScriptText(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--')
}

/**
 * Makes a stylesheet safe inside an inline `<style>`.
 *
 * @example
 * inlineStyleText('a{}</style>') // 'a{}<\\/style>'
 */
export function inlineStyleText(source: string): string {
  return source.replace(/<\/(style)/gi, '<\\/$1')
}
