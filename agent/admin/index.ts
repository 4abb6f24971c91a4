export { AdminAuth, type LoginResult, SESSION_TTL_MS } from './auth.js';
export { hashPin, isValidPin, randomPin, verifyPin } from './pin.js';
export { ADMIN_COOKIE, registerAdminRoutes, requireAdmin, sameOriginOnly } from './routes.js';
