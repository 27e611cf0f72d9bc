/**
 * Keyboard users in the composer: "Use a template" and "Write a free-text message instead" replace
 * the button that was pressed, so the focus moves to what took its place (the template select, the
 * message box) instead of being lost to the page. The browser journey e2e/specs/journeys/keyboard
 * drives the same with the keyboard only.
 */
import { screen, waitFor } from '@testing-library/react';
import { Composer } from '../../src/components/Composer/Composer';
import { conversationWindow, customer, template } from '../fixtures';
import { renderAdmin } from '../utils/render';
import { server } from '../utils/server';

describe('Composer focus when switching between free text and templates', () => {
  it('moves the focus to the template select, and back to the message box', async () => {
    server.get('/whatsapp/templates', { data: [template()], meta: { pagination: { page: 1, pageSize: 100, pageCount: 1, total: 1 } } });
    const { user } = renderAdmin(
      <Composer customer={customer()} windows={[conversationWindow(5)]} replyTo={null} onClearReply={() => undefined} canSend />
    );

    // With the keyboard: Tab to the button, Enter.
    const useTemplate = screen.getByRole('button', { name: 'Use a template' });
    useTemplate.focus();
    await user.keyboard('{Enter}');
    const select = await screen.findByRole('combobox', { name: 'Approved template' });
    await waitFor(() => expect(select).toHaveFocus());

    const backToText = screen.getByRole('button', { name: 'Write a free-text message instead' });
    backToText.focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Message' })).toHaveFocus());
  });
});
