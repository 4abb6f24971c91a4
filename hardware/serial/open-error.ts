import { bi, TiangError } from '../../core/index.js';

/**
 * serialport's open errors carry no errno code, only text such as
 * "Error: Permission denied, cannot open /dev/ttyUSB0"; this turns them into
 * something a technician can act on.
 */
export function serialOpenError(path: string, err: unknown): TiangError {
  const reason = err instanceof Error ? err.message.replace(/^Error: /, '') : String(err);
  const opts = { cause: err };
  if (/No such file or directory|does not exist|ENOENT/i.test(reason)) {
    return new TiangError(
      'SERIAL_MISSING',
      `serial port ${path} does not exist (${reason})`,
      bi(
        `Periksa kabel dan daya perangkat di ${path}, dan pakai jalur tetap dari \`ls -l /dev/serial/by-id\` di konfigurasi.`,
        `Check the cable and power of the device on ${path}, and use a stable path from \`ls -l /dev/serial/by-id\` in the configuration.`,
      ),
      opts,
    );
  }
  if (/Permission denied|EACCES|EPERM/i.test(reason)) {
    return new TiangError(
      'SERIAL_PERMISSION',
      `no permission to open serial port ${path} (${reason})`,
      bi(
        'Masukkan pengguna layanan ke grup dialout (`sudo usermod -aG dialout tiang`) lalu mulai ulang layanan.',
        'Add the service user to the dialout group (`sudo usermod -aG dialout tiang`) and restart the service.',
      ),
      opts,
    );
  }
  if (/Cannot lock|is locked|resource busy|Resource temporarily unavailable/i.test(reason)) {
    return new TiangError(
      'SERIAL_BUSY',
      `serial port ${path} is in use by another program (${reason})`,
      bi(
        `Hentikan program lain yang memakai ${path} (cek dengan \`fuser ${path}\`); pada port UART matikan konsol serial di raspi-config.`,
        `Stop the other program using ${path} (see \`fuser ${path}\`); on the UART disable the serial console in raspi-config.`,
      ),
      opts,
    );
  }
  if (/Inappropriate ioctl|Is a directory|Not a typewriter/i.test(reason)) {
    return new TiangError(
      'SERIAL_NOT_A_PORT',
      `${path} is not a serial port (${reason})`,
      bi(
        `Tulis jalur port serial yang benar (misalnya /dev/ttyUSB0) di konfigurasi, bukan ${path}.`,
        `Configure the path of a serial port (e.g. /dev/ttyUSB0), not ${path}.`,
      ),
      opts,
    );
  }
  return new TiangError(
    'SERIAL_OPEN_FAILED',
    `cannot open serial port ${path}: ${reason}`,
    bi(
      `Periksa perangkat di ${path} dan log kernel (\`dmesg\`).`,
      `Check the device on ${path} and the kernel log (\`dmesg\`).`,
    ),
    opts,
  );
}
