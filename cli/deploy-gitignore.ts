// .gitignore rules for the deploy walk, read by the well-kept `ignore` package (git's own semantics).
import ignore from 'ignore'

export type IgnoreTest = (path: string, isDir: boolean) => boolean

/** `path` is relative to the folder holding the .gitignore, with `/` separators. */
export function gitignore(text: string): IgnoreTest {
  const ig = ignore().add(text)
  return (path, isDir) => path !== '' && ig.ignores(isDir ? `${path}/` : path)
}
