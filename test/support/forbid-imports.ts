/**
 * Node flags that make a child process fail on importing given packages: a module resolve hook registered
 * before the entry point. Proves what a run never loads (no tsx/TypeScript in the compiled runtime, no
 * LangChain in `npm start`), the way a production install without those packages would.
 */
export function forbidImports(packages: string[]): string[] {
  const pattern = packages.map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|');
  const hooks = `
    const forbidden = new RegExp('^(?:${pattern.replace(/\\/g, '\\\\')})(?:/|$)');
    export async function resolve(specifier, context, next) {
      if (forbidden.test(specifier)) throw new Error('forbidden import: ' + specifier);
      return next(specifier, context);
    }`;
  const register = `import { register } from 'node:module';
    register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`;
  return ['--import', `data:text/javascript,${encodeURIComponent(register)}`];
}
