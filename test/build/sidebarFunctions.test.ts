import { readBuiltAddOn } from '../../dev/addOn';
import { SIDEBAR_FUNCTION_NAMES } from '../../src/features/sidebarFunctions';

describe("the sidebar's server contract", () => {
  it('names only functions the built add-on defines at its top level, where google.script.run finds them', () => {
    const { code } = readBuiltAddOn();
    const missing = SIDEBAR_FUNCTION_NAMES.filter((name) => !new RegExp(`^function ${name}\\(`, 'm').test(code));
    expect(missing).toEqual([]);
    expect(SIDEBAR_FUNCTION_NAMES.length).toBeGreaterThan(10);
  });
});
