import { Box, Flex, Typography } from '@strapi/design-system';
import { styled } from 'styled-components';
import {
  exampleValues,
  renderTemplate,
  whatsappMarkup,
  type MarkupSegment,
  type RenderedButton,
  type TemplateValues,
} from '../../../../shared/templates';
import { useT } from '../../hooks/use-t';

/**
 * A template as WhatsApp shows it: a chat bubble with header, body, footer and buttons, filled
 * with the given values (the template's examples by default). Everything is rendered as React
 * text nodes: template text and values are never interpreted as HTML.
 * Reused by the template editor, the composer and the automations dry run.
 */
export interface TemplatePreviewProps {
  /** Meta's components array (stored on the template, or built from a draft). */
  components: unknown;
  values?: TemplateValues;
}

const Chat = styled(Box)`
  background: #efeae2;
  border-radius: 8px;
  padding: 12px;
`;

const Bubble = styled.div`
  background: #ffffff;
  color: #111b21;
  border-radius: 0 8px 8px 8px;
  padding: 6px 8px 8px;
  max-width: 320px;
  box-shadow: 0 1px 0.5px rgba(11, 20, 26, 0.13);
  font-size: 14px;
  line-height: 19px;
`;

const Text = styled.div`
  white-space: pre-wrap;
  overflow-wrap: anywhere;
`;

const Header = styled(Text)`
  font-weight: 600;
  margin-bottom: 4px;
`;

const Footer = styled(Text)`
  color: #667781;
  font-size: 12px;
  margin-top: 4px;
`;

const MediaPlaceholder = styled.div`
  background: #d1d7db;
  color: #54656f;
  border-radius: 6px;
  height: 120px;
  display: flex;
  align-items: center;
  justify-content: center;
  margin-bottom: 6px;
  font-size: 13px;
`;

const ButtonBox = styled.div`
  background: #ffffff;
  color: #027eb5;
  border-radius: 8px;
  max-width: 320px;
  text-align: center;
  padding: 8px;
  margin-top: 2px;
  font-size: 14px;
  box-shadow: 0 1px 0.5px rgba(11, 20, 26, 0.13);
`;

const ICONS: Record<string, string> = { QUICK_REPLY: '↩', URL: '↗', PHONE_NUMBER: '✆', COPY_CODE: '⧉' };

function Styled({ segments }: { segments: MarkupSegment[] }) {
  return (
    <>
      {segments.map((segment, index) => {
        let node: React.ReactNode = segment.text;
        if (segment.mono) node = <code>{node}</code>;
        if (segment.strike) node = <s>{node}</s>;
        if (segment.italic) node = <em>{node}</em>;
        if (segment.bold) node = <strong>{node}</strong>;
        return <span key={index}>{node}</span>;
      })}
    </>
  );
}

function PreviewButton({ button }: { button: RenderedButton }) {
  const title = button.url ?? button.phoneNumber ?? button.code;
  return (
    <ButtonBox title={title} data-testid="template-preview-button">
      {ICONS[button.type] ? `${ICONS[button.type]} ` : ''}
      {button.text}
    </ButtonBox>
  );
}

export function TemplatePreview({ components, values }: TemplatePreviewProps) {
  const t = useT();
  const rendered = renderTemplate(components, values ?? exampleValues(components));
  const media = rendered.header && rendered.header.format !== 'TEXT' ? rendered.header.format.toLowerCase() : undefined;

  return (
    <Chat data-testid="template-preview" aria-label={t('templates.preview.label', 'WhatsApp preview')}>
      <Bubble>
        {media && (
          <MediaPlaceholder>
            {t(`templates.preview.media.${media}`, media)}
          </MediaPlaceholder>
        )}
        {rendered.header?.text ? (
          <Header data-testid="template-preview-header">
            <Styled segments={whatsappMarkup(rendered.header.text)} />
          </Header>
        ) : null}
        <Text data-testid="template-preview-body">
          {rendered.body ? (
            <Styled segments={whatsappMarkup(rendered.body)} />
          ) : (
            <Typography textColor="neutral500">
              {t('templates.preview.emptyBody', 'The body is empty.')}
            </Typography>
          )}
        </Text>
        {rendered.footer ? <Footer data-testid="template-preview-footer">{rendered.footer}</Footer> : null}
      </Bubble>
      {rendered.buttons.length > 0 && (
        <Flex direction="column" alignItems="stretch" gap={0} paddingTop={1}>
          {rendered.buttons.slice(0, 3).map((button, index) => (
            <PreviewButton key={index} button={button} />
          ))}
          {rendered.buttons.length > 3 && (
            <ButtonBox>
              ☰{' '}
              {t('templates.preview.moreOptions', 'See all options')}
            </ButtonBox>
          )}
        </Flex>
      )}
    </Chat>
  );
}
