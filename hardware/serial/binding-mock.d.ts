// @serialport/binding-mock ships types, but its package.json "exports" hides them from
// NodeNext resolution of the ESM build. These are the parts the simulator uses.
declare module '@serialport/binding-mock' {
  import type { BindingInterface } from '@serialport/bindings-interface';
  export const MockBinding: BindingInterface & {
    createPort(path: string, opts?: { echo?: boolean; record?: boolean; readyData?: Buffer }): void;
    reset(): void;
  };
}
