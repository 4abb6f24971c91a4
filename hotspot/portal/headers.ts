/**
 * The portal's own security headers, set on every answer. Like core/security-headers.ts but
 * stricter and precomputed (no per-request work): the pages carry their stylesheet inline,
 * allowed by its hash, and nothing else loads — no script, no image but data: (the favicon),
 * no frames. Forms post only to the portal itself.
 */
export function portalSecurityHeaders(styleHashes: readonly string[]): Record<string, string> {
  const style = styleHashes.length > 0 ? styleHashes.join(' ') : "'none'";
  return {
    'content-security-policy': [
      "default-src 'none'",
      `style-src ${style}`,
      'img-src data:',
      "form-action 'self'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), payment=()',
  };
}
