import { sidebarMessage, withoutSidebarDirections } from '../../sidebar/messages';

test('inside the sidebar no message sends the user to open the sidebar', () => {
  expect(
    withoutSidebarDirections(
      'Aura is not connected. Open Extensions → Payments Sync → Open sidebar and save your Aura API key under Connections.',
    ),
  ).toBe('Aura is not connected. Save your Aura API key under Connections.');
  expect(
    withoutSidebarDirections(
      'The sheets keep their previous data. Open Extensions → Payments Sync → Open sidebar to see the run log or fix the connection.',
    ),
  ).toBe('The sheets keep their previous data. See History, or fix the connection under Connections.');
  expect(
    withoutSidebarDirections(
      'A formula has 30 seconds: narrow the dates, or use Extensions → Payments Sync → Open sidebar → Sync to write them into a sheet.',
    ),
  ).toBe('A formula has 30 seconds: narrow the dates, or use Sync to write them into a sheet.');
  expect(withoutSidebarDirections('Nothing to strip here.')).toBe('Nothing to strip here.');
});

test("a provider's rejection says what to do in plain words, its own text kept as the detail", () => {
  expect(
    sidebarMessage(
      'Koteshen rejected the client id and secret (HTTP 401: Client authentication failed due to unknown client). Check it in Extensions → Payments Sync → Open sidebar → Connections.',
    ),
  ).toEqual({
    text: 'Koteshen did not accept the client id and secret. Copy them again from your Koteshen account, paste them under Connections and save.',
    detail: 'Koteshen said: HTTP 401: Client authentication failed due to unknown client',
  });
  expect(
    sidebarMessage('Aura rejected the API key (HTTP 401). Check it in Extensions → Payments Sync → Open sidebar → Connections.'),
  ).toEqual({
    text: 'Aura did not accept the API key. Copy it again from your Aura account, paste it under Connections and save.',
    detail: 'Aura said: HTTP 401',
  });
});
