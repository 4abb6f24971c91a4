// Night: the screen is black; a touch wakes it (the shell shows the kiosk again for a while).
window.addEventListener('pointerdown', () => window.tiangShell?.touched(), { passive: true });
window.addEventListener('keydown', () => window.tiangShell?.touched());
