import { type Bilingual, bi } from '../../core/index.js';

/** What the phone shows when Connect is refused because today's time is used up. */
export function dailyLimitMessage(dailyMinutes: number): Bilingual {
  const hours = dailyMinutes % 60 === 0 ? `${dailyMinutes / 60}` : undefined;
  const idAmount = hours ? `${hours} jam` : `${dailyMinutes} menit`;
  const enAmount = hours ? `${hours} hour${hours === '1' ? '' : 's'}` : `${dailyMinutes} minutes`;
  return bi(
    `Jatah Wi-Fi gratis Anda hari ini (${idAmount}) sudah habis. Silakan sambung lagi besok mulai pukul 00.00.`,
    `You have used today's free Wi-Fi time (${enAmount}). You can connect again tomorrow from midnight.`,
  );
}

/** What the phone shows when the pole already has as many clients as it allows. */
export function fullMessage(): Bilingual {
  return bi(
    'Wi-Fi gratis sedang penuh. Silakan coba lagi beberapa menit lagi.',
    'The free Wi-Fi is full right now. Please try again in a few minutes.',
  );
}
