/**
 * Every text the pages show, Indonesian first, English second. Pages never hold
 * literal user-visible strings: they name a key here. `{name}` marks a parameter
 * filled in by t(); `{{lang:key}}` in the HTML files is filled in at build time
 * (see html-placeholders.ts), which is how the portal stays bilingual with no JavaScript.
 */
export const catalogue = {
  // Shared
  'app.offline': { id: 'Luring', en: 'Offline' },
  'app.offline.long': {
    id: 'Sambungan ke tiang terputus. Menampilkan data terakhir.',
    en: 'Connection to the pole lost. Showing the last data.',
  },
  'app.noscript': {
    id: 'Halaman ini memerlukan JavaScript.',
    en: 'This page needs JavaScript.',
  },
  'lang.switchTo': { id: 'English', en: 'Bahasa Indonesia' },
  'lang.switchTo.label': { id: 'Switch to English', en: 'Ganti ke Bahasa Indonesia' },
  'duration.lessThanMinute': { id: 'kurang dari 1 menit', en: 'less than a minute' },

  // Kiosk
  'kiosk.title': { id: 'Info Kota', en: 'City Info' },
  'kiosk.welcome': { id: 'Selamat datang', en: 'Welcome' },
  'kiosk.touchHint': { id: 'Sentuh salah satu menu di bawah ini', en: 'Touch one of the menus below' },
  'kiosk.loading': { id: 'Memuat informasi…', en: 'Loading information…' },
  'kiosk.noContent': {
    id: 'Informasi kota belum tersedia. Silakan kembali nanti.',
    en: 'City information is not available yet. Please come back later.',
  },
  'kiosk.back': { id: 'Kembali', en: 'Back' },
  'kiosk.pageMissing': { id: 'Halaman ini belum tersedia.', en: 'This page is not available yet.' },
  'kiosk.contacts': { id: 'Nomor penting', en: 'Important numbers' },
  'kiosk.wifi': { id: 'Wi-Fi gratis: {ssid}', en: 'Free Wi-Fi: {ssid}' },
  'kiosk.menu': { id: 'Menu', en: 'Menu' },
  'kiosk.air.pm25': { id: 'PM2.5: {value} µg/m³', en: 'PM2.5: {value} µg/m³' },
  'kiosk.air.now': { id: 'Kualitas udara sekarang', en: 'Air quality now' },
  'kiosk.air.index': { id: 'Indeks ISPU: {n}', en: 'ISPU index: {n}' },
  'kiosk.air.measuredAt': { id: 'Diukur pukul {time}', en: 'Measured at {time}' },
  'kiosk.air.unavailable': {
    id: 'Data kualitas udara sedang tidak tersedia. Silakan lihat lagi nanti.',
    en: 'Air-quality data is not available right now. Please check again later.',
  },
  'kiosk.nowPlaying': { id: 'Sedang diputar: {title}', en: 'Now playing: {title}' },
  'kiosk.pageUnsupported': {
    id: 'Halaman ini tidak dapat ditampilkan di layar ini.',
    en: 'This page cannot be shown on this screen.',
  },
  'kiosk.listen': { id: 'Dengarkan', en: 'Listen' },
  'kiosk.listen.stop': { id: 'Berhenti', en: 'Stop' },
  'kiosk.listen.loading': { id: 'Menyiapkan suara…', en: 'Preparing the audio…' },
  'kiosk.listen.failed': { id: 'Suara tidak tersedia', en: 'Audio not available' },
  'kiosk.largeText': { id: 'Teks besar', en: 'Large text' },
  'kiosk.highContrast': { id: 'Kontras tinggi', en: 'High contrast' },
  'kiosk.attract.touch': { id: 'Sentuh layar untuk mulai', en: 'Touch the screen to start' },
  'kiosk.night.label': {
    id: 'Layar istirahat. Sentuh untuk menyalakan.',
    en: 'Screen resting. Touch to wake it.',
  },
  'kiosk.where': { id: 'Lokasi', en: 'Where' },
  'kiosk.hours': { id: 'Jam buka', en: 'Opening hours' },
  'kiosk.when': { id: 'Waktu', en: 'When' },
  'kiosk.requirements': { id: 'Yang perlu dibawa', en: 'What to bring' },
  'kiosk.phone': { id: 'Telepon', en: 'Phone' },
  'kiosk.agenda.upcoming': { id: 'Acara mendatang', en: 'Coming up' },
  'kiosk.agenda.regular': { id: 'Kegiatan rutin', en: 'Regular events' },
  'kiosk.agenda.none': {
    id: 'Belum ada acara mendatang. Silakan lihat lagi nanti.',
    en: 'No upcoming events yet. Please check again later.',
  },
  'kiosk.wifi.network': { id: 'Nama jaringan', en: 'Network name' },
  'kiosk.wifi.scan': {
    id: 'Pindai kode ini dengan kamera ponsel untuk tersambung.',
    en: 'Scan this code with your phone camera to connect.',
  },
  'kiosk.wifi.qrAlt': { id: 'Kode QR untuk tersambung ke {ssid}', en: 'QR code to join {ssid}' },
  'kiosk.wifi.off': {
    id: 'Wi-Fi gratis di tiang ini sedang tidak aktif.',
    en: 'The free Wi-Fi at this pole is switched off right now.',
  },
  'kiosk.speaker.now': { id: 'Sedang diputar', en: 'Playing now' },
  'kiosk.speaker.next': { id: 'Berikutnya', en: 'Coming next' },
  'kiosk.speaker.nothing': {
    id: 'Speaker sedang tidak memutar apa pun.',
    en: 'The speaker is not playing anything.',
  },
  'kiosk.speaker.noneNext': { id: 'Belum ada siaran terjadwal.', en: 'Nothing scheduled yet.' },
  'kiosk.speaker.since': { id: 'sejak {time}', en: 'since {time}' },
  'kiosk.speaker.out': {
    id: 'Speaker tiang sedang dalam perbaikan.',
    en: 'The pole speaker is being repaired.',
  },
  'kiosk.speaker.priority.emergency': { id: 'Darurat', en: 'Emergency' },
  'kiosk.speaker.priority.live': { id: 'Siaran langsung', en: 'Live' },
  'kiosk.speaker.priority.announcement': { id: 'Pengumuman', en: 'Announcement' },
  'kiosk.speaker.priority.program': { id: 'Program', en: 'Programme' },
  'kiosk.speaker.priority.test': { id: 'Tes', en: 'Test' },
  'kiosk.alert.exercise': { id: 'LATIHAN', en: 'EXERCISE' },
  'kiosk.alert.test': { id: 'UJI COBA', en: 'TEST' },
  'kiosk.alert.notReal': {
    id: 'Ini bukan keadaan darurat sungguhan.',
    en: 'This is not a real emergency.',
  },
  'kiosk.alert.area': { id: 'Wilayah', en: 'Area' },
  'kiosk.alert.issued': { id: 'Dikeluarkan', en: 'Issued' },
  'kiosk.alert.expires': { id: 'Berlaku sampai', en: 'Valid until' },
  'kiosk.alert.more': { id: '+{n} peringatan lain', en: '+{n} more alerts' },
  'kiosk.alert.severity.Extreme': { id: 'Bahaya ekstrem', en: 'Extreme danger' },
  'kiosk.alert.severity.Severe': { id: 'Bahaya', en: 'Danger' },
  'kiosk.alert.severity.Moderate': { id: 'Waspada', en: 'Caution' },
  'kiosk.alert.severity.Minor': { id: 'Informasi', en: 'Advisory' },
  'kiosk.alert.severity.Unknown': { id: 'Peringatan', en: 'Alert' },

  // Admin
  'admin.title': { id: 'Layar Teknisi', en: 'Technician Screen' },
  'admin.pin.prompt': { id: 'Masukkan PIN teknisi', en: 'Enter the technician PIN' },
  'admin.pin.entered': { id: '{n} angka dimasukkan', en: '{n} digits entered' },
  'admin.pin.delete': { id: 'Hapus', en: 'Delete' },
  'admin.pin.submit': { id: 'Masuk', en: 'Log in' },
  'admin.pin.tooShort': { id: 'PIN terdiri dari 6 sampai 12 angka.', en: 'The PIN has 6 to 12 digits.' },
  'admin.pin.wrong': {
    id: 'PIN salah. Sisa percobaan: {n}.',
    en: 'Wrong PIN. Attempts left: {n}.',
  },
  'admin.pin.wrongLast': {
    id: 'PIN salah. Ini percobaan terakhir sebelum layar dikunci sementara.',
    en: 'Wrong PIN. One more wrong PIN locks the screen for a while.',
  },
  'admin.pin.locked': {
    id: 'Terlalu banyak PIN salah. Tunggu {s} detik, lalu coba lagi.',
    en: 'Too many wrong PINs. Wait {s} seconds, then try again.',
  },
  'admin.pin.unlocked': { id: 'Silakan coba lagi.', en: 'You can try again.' },
  'admin.pin.noPin': {
    id: 'Belum ada PIN di tiang ini. Pasang PIN dengan perintah: tiang admin set-pin',
    en: 'No PIN is set on this pole. Set one with the command: tiang admin set-pin',
  },
  'admin.pin.unreachable': {
    id: 'Tidak dapat menghubungi tiang. Periksa sambungan, lalu coba lagi.',
    en: 'Cannot reach the pole. Check the connection, then try again.',
  },
  'admin.pin.failed': {
    id: 'Gagal masuk (kode {code}). Coba lagi.',
    en: 'Login failed (code {code}). Try again.',
  },
  'admin.logout': { id: 'Keluar', en: 'Log out' },
  'admin.loggedOutIdle': {
    id: 'Anda keluar otomatis karena layar tidak disentuh.',
    en: 'You were logged out because the screen was not used.',
  },
  'admin.health.title': { id: 'Kondisi tiang', en: 'Pole health' },
  'admin.health.loading': { id: 'Memuat kondisi tiang…', en: 'Loading pole health…' },
  'admin.health.version': { id: 'Versi', en: 'Version' },
  'admin.health.uptime': { id: 'Menyala selama', en: 'Running for' },
  'admin.health.device': { id: 'Tiang', en: 'Pole' },
  'admin.health.simulated': { id: 'Simulator', en: 'Simulator' },
  'admin.health.since': { id: 'sejak {t}', en: 'since {t}' },
  'admin.health.fix': { id: 'Cara memperbaiki:', en: 'How to fix:' },
  'admin.health.cause': { id: 'Penyebab:', en: 'Cause:' },
  'admin.health.note': { id: 'Catatan:', en: 'Note:' },
  'admin.health.none': { id: 'Belum ada subsistem yang melapor.', en: 'No subsystem has reported yet.' },
  'admin.overall.ok': { id: 'Semua berjalan baik', en: 'Everything works' },
  'admin.overall.degraded': { id: 'Ada yang terganggu', en: 'Something is degraded' },
  'admin.overall.fault': { id: 'Ada kerusakan', en: 'Something is broken' },
  'admin.sessionEnded': {
    id: 'Sesi sudah berakhir. Tekan Keluar, lalu masuk lagi dengan PIN.',
    en: 'The session has ended. Press Log out, then log in again with the PIN.',
  },
  'admin.requestFailed': {
    id: 'Tiang menolak perintah ini (kode {code}).',
    en: 'The pole refused this command (code {code}).',
  },

  // Speaker test (any pole)
  'admin.speaker.title': { id: 'Tes speaker', en: 'Speaker test' },
  'admin.speaker.intro': {
    id: 'Tiang akan mengucapkan satu kalimat pendek. Berdiri di dekat tiang dan dengarkan.',
    en: 'The pole will speak one short sentence. Stand near the pole and listen.',
  },
  'admin.speaker.test': { id: 'Tes speaker', en: 'Test the speaker' },
  'admin.speaker.sending': { id: 'Mengirim tes ke speaker…', en: 'Sending the test to the speaker…' },
  'admin.speaker.question': { id: 'Apakah suara terdengar?', en: 'Did you hear it?' },
  'admin.speaker.yes': { id: 'Ya', en: 'Yes' },
  'admin.speaker.no': { id: 'Tidak', en: 'No' },
  'admin.speaker.heard': {
    id: 'Jawaban: Ya. Speaker berfungsi; tes selesai.',
    en: 'Answer: Yes. The speaker works; the test is done.',
  },
  'admin.speaker.notHeard': {
    id: 'Jawaban: Tidak. Periksa kabel speaker dan volume, lalu ulangi tes.',
    en: 'Answer: No. Check the speaker cable and the volume, then repeat the test.',
  },
  'admin.speaker.nowPlaying': { id: 'Sedang diputar: {title}', en: 'Now playing: {title}' },
  'admin.speaker.unreachable': {
    id: 'Tidak dapat menghubungi tiang. Periksa sambungan, lalu ulangi tes.',
    en: 'Cannot reach the pole. Check the connection, then repeat the test.',
  },

  // Practice mode (simulator only): faults a technician can cause on purpose
  'admin.practice.title': { id: 'Mode latihan', en: 'Practice mode' },
  'admin.practice.intro': {
    id: 'Hanya di simulator. Setiap tombol membuat gangguan pura-pura atau memulihkannya. Akibatnya tampil di bawah tombol dan di daftar kondisi tiang.',
    en: 'Simulator only. Each button causes a pretend fault or fixes it. The effect shows below the buttons and in the pole health list.',
  },
  'admin.practice.sent': { id: 'Terkirim: {what}', en: 'Sent: {what}' },
  'admin.practice.now': { id: 'Kondisi tiang sekarang:', en: 'Pole health right now:' },
  'practice.sensor-unplug': { id: 'Cabut kabel sensor udara', en: 'Unplug the air sensor' },
  'practice.sensor-replug': { id: 'Pasang lagi kabel sensor udara', en: 'Plug the air sensor back in' },
  'practice.sensor-stuck': {
    id: 'Buat sensor udara macet (angka tidak berubah)',
    en: 'Make the air sensor stuck (the number stops changing)',
  },
  'practice.sensor-unstuck': { id: 'Sensor udara normal lagi', en: 'Air sensor back to normal' },
  'practice.sensor-garbage': {
    id: 'Kirim data kacau dari sensor udara',
    en: 'Send garbled data from the air sensor',
  },
  'practice.door-open': { id: 'Buka pintu kabinet', en: 'Open the cabinet door' },
  'practice.door-close': { id: 'Tutup pintu kabinet', en: 'Close the cabinet door' },
  'practice.amplifier-fault': { id: 'Buat amplifier rusak', en: 'Make the amplifier fail' },
  'practice.amplifier-fault-clear': { id: 'Amplifier normal lagi', en: 'Amplifier back to normal' },
  'practice.clock-untrusted': { id: 'Buat jam tiang tidak tepat', en: 'Make the pole clock untrusted' },
  'practice.clock-trusted': { id: 'Jam tiang tepat lagi', en: 'Pole clock trusted again' },

  'level.ok': { id: 'Baik', en: 'OK' },
  'level.degraded': { id: 'Terganggu', en: 'Degraded' },
  'level.fault': { id: 'Rusak', en: 'Fault' },

  'state.idle': { id: 'Belum mulai', en: 'Not started' },
  'state.starting': { id: 'Sedang mulai', en: 'Starting' },
  'state.running': { id: 'Berjalan', en: 'Running' },
  'state.stopping': { id: 'Sedang berhenti', en: 'Stopping' },
  'state.stopped': { id: 'Berhenti', en: 'Stopped' },
  'state.failed': { id: 'Gagal', en: 'Failed' },

  // Friendly names of the subsystems the agent reports (agent/pole.ts); unknown ones show their raw name only.
  'subsystem.storage': { id: 'Penyimpanan data', en: 'Data storage' },
  'subsystem.admin': { id: 'Login teknisi', en: 'Technician login' },
  'subsystem.amplifier': { id: 'Penguat suara', en: 'Amplifier' },
  'subsystem.audio': { id: 'Pengeras suara', en: 'Speaker' },
  'subsystem.speaker': { id: 'Pengeras suara', en: 'Speaker' },
  'subsystem.cabinet': { id: 'Kabinet tiang', en: 'Pole cabinet' },
  'subsystem.clock': { id: 'Jam tiang', en: 'Pole clock' },
  'subsystem.control-room': { id: 'Sambungan ruang kendali', en: 'Control-room link' },
  'subsystem.hotspot': { id: 'Hotspot Wi-Fi', en: 'Wi-Fi hotspot' },
  'subsystem.http': { id: 'Layar dan API lokal', en: 'Screens and local API' },
  'subsystem.sensors': { id: 'Sensor', en: 'Sensors' },

  // Captive portal (filled into the HTML at build time)
  'portal.pageTitle': { id: 'Wi-Fi Gratis Kabupaten Blitar', en: 'Blitar Regency Free Wi-Fi' },
  'portal.heading': { id: 'Wi-Fi Gratis', en: 'Free Wi-Fi' },
  'portal.provider': {
    id: 'Layanan gratis dari Pemerintah Kabupaten Blitar',
    en: 'A free service of the Blitar Regency Government',
  },
  'portal.terms.title': { id: 'Ketentuan singkat', en: 'Short terms' },
  'portal.terms.free': { id: 'Gratis untuk semua orang.', en: 'Free for everyone.' },
  'portal.terms.polite': {
    id: 'Gunakan dengan sopan; dilarang untuk kegiatan yang melanggar hukum.',
    en: 'Use it politely; unlawful use is forbidden.',
  },
  'portal.terms.session': {
    id: 'Satu sesi berlaku 60 menit. Setelah itu, sambungkan lagi.',
    en: 'A session lasts 60 minutes. After that, connect again.',
  },
  'portal.connect': { id: 'Sambungkan', en: 'Connect' },
  'portal.agree': {
    id: 'Dengan menekan tombol ini, Anda menyetujui ketentuan di bawah ini.',
    en: 'By pressing this button you accept the terms below.',
  },
  'portal.welcome.pageTitle': { id: 'Anda sudah tersambung', en: 'You are connected' },
  'portal.welcome.heading': { id: 'Anda sudah tersambung', en: 'You are connected' },
  'portal.welcome.next': {
    id: 'Silakan gunakan internet. Jendela ini boleh ditutup.',
    en: 'Enjoy the internet. You may close this window.',
  },
  'portal.welcome.cityInfo': {
    id: 'Info kota: layanan publik, wisata dan nomor penting ada di layar tiang ini. Darurat: 112.',
    en: 'City info: public services, places to visit and important numbers are on this pole’s screen. Emergency: 112.',
  },
} as const satisfies Record<string, { id: string; en: string }>;

export type MessageKey = keyof typeof catalogue;

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(catalogue, key);
}
