import { Box, Button, Flex, Textarea, Typography } from '@strapi/design-system';
import { useAPIErrorHandler } from '@strapi/strapi/admin';
import { useState } from 'react';
import { CreateNote } from '../../../../shared/contracts/conversations-team';
import { useCreateNote } from '../../api/inbox';
import { useT } from '../../hooks/use-t';

/**
 * The composer's "Note" mode: an internal note for the team, saved on the conversation and shown
 * in the timeline, never sent to the customer. Ctrl/Cmd+Enter saves; what was typed is kept when
 * the server refuses it.
 */
export const NoteComposer = ({ conversationKey }: { conversationKey: string }) => {
  const t = useT();
  const { formatAPIError } = useAPIErrorHandler();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const create = useCreateNote();

  const save = async () => {
    if (!text.trim() || create.isPending) return;
    setError(null);
    try {
      await create.mutateAsync({ conversationKey, body: text });
      setText('');
    } catch (e) {
      setError(formatAPIError(e as any));
    }
  };

  return (
    <Box paddingTop={2} data-testid="wa-note-composer">
      <Typography variant="pi" textColor="neutral600" tag="p">
        {t('conversations.note.hint', 'Only your team sees notes; they are never sent to the customer.')}
      </Typography>
      <Box paddingTop={1} paddingBottom={2}>
        <Textarea
          name="whatsapp-note"
          aria-label={t('conversations.note.input', 'Internal note')}
          placeholder={t('conversations.note.placeholder', 'Write a note for your team')}
          value={text}
          maxLength={CreateNote.MAX_LENGTH}
          onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setText(e.target.value)}
          onKeyDown={(e: React.KeyboardEvent<HTMLTextAreaElement>) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              void save();
            }
          }}
        />
      </Box>
      {error && (
        <Box paddingBottom={2}>
          <Typography textColor="danger600" role="alert">
            {error}
          </Typography>
        </Box>
      )}
      <Flex justifyContent="flex-end">
        <Button onClick={() => void save()} disabled={!text.trim()} loading={create.isPending}>
          {t('conversations.note.save', 'Add note')}
        </Button>
      </Flex>
    </Box>
  );
};
