import { Box, Button, Field, Flex, Modal, SingleSelect, SingleSelectOption, TextInput, Typography } from '@strapi/design-system';
import { useAPIErrorHandler } from '@strapi/strapi/admin';
import { useEffect, useMemo, useState } from 'react';
import { styled } from 'styled-components';
import type { CustomerSummary } from '../../../../shared/contracts/conversations';
import type { StartConversation } from '../../../../shared/contracts/conversations-new';
import { useContacts, useSenders, useStartConversation } from '../../api/new-conversation';
import { useT } from '../../hooks/use-t';
import { readTyped } from './typed-contact';

/**
 * "New conversation" (#16): the business number to write from, then a customer (recent ones
 * first, or found by name or phone as you type) or a phone typed by hand, validated as typed in
 * the number's country. Start asks the server to find or make the customer of that number's
 * tenant (POST /whatsapp/conversations) and hands the conversation to the inbox, whose composer
 * offers templates only while the 24-hour window is closed.
 */

const ContactButton = styled.button<{ $on: boolean }>`
  width: 100%;
  text-align: left;
  border: 1px solid ${({ theme, $on }) => ($on ? theme.colors.primary600 : theme.colors.neutral200)};
  background: ${({ theme, $on }) => ($on ? theme.colors.primary100 : theme.colors.neutral0)};
  border-radius: ${({ theme }) => theme.borderRadius};
  padding: ${({ theme }) => `${theme.spaces[2]} ${theme.spaces[3]}`};
  cursor: pointer;
  &:focus-visible {
    outline: 2px solid ${({ theme }) => theme.colors.primary600};
    outline-offset: 2px;
  }
`;

export const NewConversationDialog = ({
  open,
  onOpenChange,
  onStarted,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onStarted: (started: StartConversation.Response['data']) => void;
}) => {
  const t = useT();
  const { formatAPIError } = useAPIErrorHandler();
  const senders = useSenders(open);
  const [senderId, setSenderId] = useState<string | undefined>();
  const [text, setText] = useState('');
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<CustomerSummary | null>(null);
  const start = useStartConversation();

  const options = senders.data ?? [];
  const sender = options.find((s) => s.phoneNumberId === senderId);
  // The default number first (else the first one), once the list is in.
  useEffect(() => {
    if (!senderId && options.length) setSenderId((options.find((s) => s.isDefault) ?? options[0]).phoneNumberId);
  }, [options, senderId]);
  // A fresh dialog each time it opens.
  useEffect(() => {
    if (!open) return;
    setText('');
    setSearch('');
    setPicked(null);
    start.reset();
  }, [open]); // eslint-disable-line react-hooks/exhaustive-deps

  const typed = useMemo(() => readTyped(text, sender?.country), [text, sender?.country]);
  // Search as you type, without a request per keystroke.
  useEffect(() => {
    const timer = setTimeout(() => setSearch(typed.kind === 'empty' ? '' : typed.search), 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const contacts = useContacts(open ? senderId : undefined, search);
  const list = contacts.data ?? [];

  const target: StartConversation.Body | null = !senderId
    ? null
    : picked
      ? { phoneNumberId: senderId, customerDocumentId: picked.documentId }
      : typed.kind === 'phone'
        ? { phoneNumberId: senderId, phone: typed.phone.e164 }
        : null;

  const submit = () => {
    if (!target || start.isPending) return;
    start.mutate(target, { onSuccess: (data) => onStarted(data) });
  };

  const phoneError =
    !picked && typed.kind === 'invalid-phone'
      ? sender?.country
        ? t('newConversation.phone.invalidIn', 'Not a valid phone number in {country}: write it with its country code, e.g. +34 600 11 22 33.', { country: sender.country })
        : t('newConversation.phone.invalid', 'Not a valid phone number: write it with its country code, e.g. +34 600 11 22 33.')
      : undefined;
  const phoneHint =
    !picked && typed.kind === 'phone'
      ? t('newConversation.phone.valid', 'Start a conversation with {phone}', { phone: typed.formatted })
      : t('newConversation.contact.hint', 'Type a name to search your customers, or a phone number ({country} by default).', {
          country: sender?.country ?? '+',
        });

  return (
    <Modal.Root open={open} onOpenChange={onOpenChange}>
      <Modal.Content aria-describedby={undefined}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <Modal.Header>
            <Modal.Title>{t('newConversation.title', 'New conversation')}</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Flex direction="column" alignItems="stretch" gap={4}>
              {senders.isError && (
                <Typography textColor="danger600" role="alert">
                  {formatAPIError(senders.error as any)}
                </Typography>
              )}
              {senders.isSuccess && options.length === 0 && (
                <Typography textColor="neutral600">{t('newConversation.sender.none', 'There is no WhatsApp number you can write from.')}</Typography>
              )}
              <Field.Root name="whatsapp-new-sender" required>
                <Field.Label>{t('newConversation.sender', 'Send from')}</Field.Label>
                <SingleSelect
                  aria-label={t('newConversation.sender', 'Send from')}
                  value={senderId ?? ''}
                  onChange={(value: string | number) => {
                    setSenderId(String(value));
                    setPicked(null);
                  }}
                  placeholder={t('newConversation.sender.placeholder', 'Choose a business number')}
                >
                  {options.map((s) => (
                    <SingleSelectOption key={s.phoneNumberId} value={s.phoneNumberId}>
                      {[s.displayPhoneNumber ?? s.phoneNumberId, s.tenant?.name ?? s.verifiedName].filter(Boolean).join(' · ')}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
                <Field.Hint />
              </Field.Root>
              <Field.Root name="whatsapp-new-contact" error={phoneError} hint={phoneHint}>
                <Field.Label>{t('newConversation.contact', 'Customer or phone number')}</Field.Label>
                <TextInput
                  autoFocus
                  autoComplete="off"
                  placeholder={t('newConversation.contact.placeholder', 'Name, or +34 600 11 22 33')}
                  value={text}
                  onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
                    setText(e.target.value);
                    setPicked(null);
                  }}
                />
                <Field.Error />
                <Field.Hint />
              </Field.Root>
              <Box>
                <Typography variant="sigma" textColor="neutral600" tag="h3" id="wa-new-contacts-label">
                  {search ? t('newConversation.contacts.found', 'Customers found') : t('newConversation.contacts.recent', 'Recent customers')}
                </Typography>
                <Box paddingTop={2}>
                  {contacts.isError ? (
                    <Typography textColor="danger600">{formatAPIError(contacts.error as any)}</Typography>
                  ) : list.length === 0 && !contacts.isLoading ? (
                    <Typography variant="pi" textColor="neutral600">
                      {search ? t('newConversation.contacts.none', 'No customer of this number matches.') : t('newConversation.contacts.empty', 'No customers yet.')}
                    </Typography>
                  ) : (
                    <ul aria-labelledby="wa-new-contacts-label" style={{ listStyle: 'none', margin: 0, padding: 0, maxHeight: 240, overflowY: 'auto' }}>
                      {list.map((c) => (
                        <li key={c.documentId} style={{ marginBottom: 4 }}>
                          <ContactButton type="button" $on={picked?.documentId === c.documentId} aria-pressed={picked?.documentId === c.documentId} onClick={() => setPicked(picked?.documentId === c.documentId ? null : c)}>
                            <Typography fontWeight="bold" display="block">
                              {c.name ?? c.phone ?? c.waId}
                            </Typography>
                            <Typography variant="pi" textColor="neutral600">
                              {c.phone ?? (c.waId ? `+${c.waId}` : '')}
                              {c.optedOut ? ` · ${t('newConversation.contacts.optedOut', 'opted out')}` : ''}
                            </Typography>
                          </ContactButton>
                        </li>
                      ))}
                    </ul>
                  )}
                </Box>
              </Box>
              {start.isError && (
                <Box background="danger100" padding={2} hasRadius role="alert" data-testid="wa-new-conversation-error">
                  <Typography variant="pi" textColor="danger700">
                    {formatAPIError(start.error as any)}
                  </Typography>
                </Box>
              )}
            </Flex>
          </Modal.Body>
          <Modal.Footer>
            <Modal.Close>
              <Button variant="tertiary" type="button">
                {t('newConversation.cancel', 'Cancel')}
              </Button>
            </Modal.Close>
            <Button type="submit" disabled={!target} loading={start.isPending}>
              {t('newConversation.start', 'Start')}
            </Button>
          </Modal.Footer>
        </form>
      </Modal.Content>
    </Modal.Root>
  );
};
