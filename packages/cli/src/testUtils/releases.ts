import { run } from '../run';

/** Runs the CLI in-process; returns exit code and captured output. */
export async function releases(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const out = jest
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk: any) => {
      stdout += String(chunk);
      return true;
    });
  const err = jest
    .spyOn(process.stderr, 'write')
    .mockImplementation((chunk: any) => {
      stderr += String(chunk);
      return true;
    });
  try {
    let code: number;
    try {
      code = await run(['node', 'releases', ...args]);
    } catch (error) {
      // The bin prints thrown errors as one line and exits 1.
      stderr += `releases: ${(error as Error).message}\n`;
      code = 1;
    }
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
