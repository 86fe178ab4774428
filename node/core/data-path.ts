import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

export type DataPathSource = 'flag' | 'FAZT_DB' | 'FAZT_HOME' | 'default'

/** docs/running.md#the-data-file: --db PATH > $FAZT_DB > $FAZT_HOME/data.db > ~/.fazt/data.db */
export function resolveDataPath(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  home: () => string = homedir,
): { path: string; source: DataPathSource } {
  if (flag) return { path: resolve(flag), source: 'flag' }
  if (env.FAZT_DB) return { path: resolve(env.FAZT_DB), source: 'FAZT_DB' }
  if (env.FAZT_HOME) return { path: resolve(env.FAZT_HOME, 'data.db'), source: 'FAZT_HOME' }
  return { path: join(home(), '.fazt', 'data.db'), source: 'default' }
}
