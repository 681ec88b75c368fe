// Types of scripts/lazyModules.mjs for the TypeScript test that builds fixtures with it.
import type * as esbuild from 'esbuild';

export interface LazyModule { entry: string; file: string }
export function isGlue(input: string): boolean;
export function ownCode(
  esbuildApi: typeof esbuild,
  lazyModules: LazyModule[],
  main: esbuild.BuildOptions & { outfile: string },
  chunk: (m: LazyModule) => esbuild.BuildOptions & { outfile: string },
): { build(): Promise<[string, esbuild.BuildResult][]>; watch(): Promise<void> };
