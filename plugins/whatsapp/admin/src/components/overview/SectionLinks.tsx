import { Box, Flex, Link, Typography } from '@strapi/design-system';
import { NavLink } from 'react-router-dom';
import { SECTIONS } from '../../pages/sections';
import { useT } from '../../hooks/use-t';

/** Links to the sections that exist; the others are named as plain text. */
export const SectionLinks = () => {
  const t = useT();
  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Typography variant="delta" tag="h2">
          {t('overview.sections.title', 'Sections')}
        </Typography>
        <Flex tag="ul" direction="column" alignItems="stretch" gap={3}>
          {SECTIONS.map((section) => {
            const title = t(`overview.sections.${section.id}.title`, section.title);
            return (
              <Flex tag="li" key={section.id} direction="column" alignItems="flex-start" gap={1}>
                <Flex gap={2} alignItems="baseline">
                  {section.path ? (
                    <Link tag={NavLink} to={section.path}>
                      {title}
                    </Link>
                  ) : (
                    <>
                      <Typography fontWeight="semiBold">{title}</Typography>
                      <Typography variant="pi" textColor="neutral500">
                        {t('overview.sections.comingSoon', 'not available yet')}
                      </Typography>
                    </>
                  )}
                </Flex>
                <Typography variant="pi" textColor="neutral600">
                  {t(`overview.sections.${section.id}.description`, section.description)}
                </Typography>
              </Flex>
            );
          })}
        </Flex>
      </Flex>
    </Box>
  );
};
