/**
 * The Electron shell's bridge (electron/preload.cts), when the page runs inside it. In a
 * plain browser (a laptop, the tests) there is none, and the page does for itself what
 * the shell would: the night screen (night.tsx).
 */
interface TiangShell {
  touched(): void;
  alert(on: boolean): void;
  shell: 'electron';
}

export const shell: TiangShell | undefined = (window as unknown as { tiangShell?: TiangShell }).tiangShell;
