// Where XetHub's tools, and so xetcache, keep the user's configuration.

export function xetconfigPath(homedir: string): string {
  return `${homedir.replace(/[\\/]+$/, '')}/.xetconfig`;
}
