import { strict as assert } from 'node:assert';
import { lstatSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';

type Install = (extensionsDir: string, extensionRoot: string, opts?: { entries?: string[]; link?: boolean }) => string;
const hostModule = pathToFileURL(join(__dirname, '../../../scripts/test-host/host.mjs')).href;

const root = mkdtempSync(join(tmpdir(), 'install-ext-'));
after(() => rmSync(root, { recursive: true, force: true }));

function fakeExtension(): string {
  const ext = join(root, `repo-${Math.random().toString(36).slice(2)}`);
  mkdirSync(join(ext, 'dist'), { recursive: true });
  writeFileSync(join(ext, 'package.json'), JSON.stringify({ publisher: 'p', name: 'n', version: '1.2.3' }));
  writeFileSync(join(ext, 'dist', 'extension.js'), 'module.exports = {};');
  return ext;
}

describe('installExtensionFolder (the dev and test hosts)', () => {
  it('links a dev install so that its modules lie under the real path of the extension folder', async () => {
    const { installExtensionFolder } = (await import(hostModule)) as { installExtensionFolder: Install };
    const ext = fakeExtension();
    const dir = join(root, 'extensions-link');
    // An older install (a real folder holding a linked dist) is replaced, not followed.
    installExtensionFolder(dir, ext);
    const target = installExtensionFolder(dir, ext, { link: true });
    assert.equal(target, join(dir, 'p.n-1.2.3'));
    assert.ok(lstatSync(target).isSymbolicLink());
    // The extension host maps a calling module to its extension by real paths: the main
    // module's real path must lie under the real path of the installed folder.
    const main = realpathSync(join(target, 'dist', 'extension.js'));
    assert.ok(main.startsWith(realpathSync(target) + sep), `${main} is not under ${realpathSync(target)}`);
    // Relinking leaves the source alone.
    installExtensionFolder(dir, ext, { link: true });
    assert.equal(readFileSync(join(ext, 'dist', 'extension.js'), 'utf8'), 'module.exports = {};');
  });

  it('copies a test install, and says what to build when dist is missing', async () => {
    const { installExtensionFolder } = (await import(hostModule)) as { installExtensionFolder: Install };
    const ext = fakeExtension();
    const target = installExtensionFolder(join(root, 'extensions-copy'), ext);
    assert.ok(!lstatSync(target).isSymbolicLink());
    assert.equal(readFileSync(join(target, 'dist', 'extension.js'), 'utf8'), 'module.exports = {};');
    rmSync(join(ext, 'dist'), { recursive: true });
    assert.throws(() => installExtensionFolder(join(root, 'extensions-copy'), ext, { link: true }), /dist is missing \(run npm run build first\)/);
  });
});
