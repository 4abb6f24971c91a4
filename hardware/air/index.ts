export { ISPU_CATEGORIES, type IspuCategory, type IspuValue, ispuForPm25 } from './ispu.js';
