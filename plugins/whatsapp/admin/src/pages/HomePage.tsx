import { Box, Flex, Main, Typography } from "@strapi/design-system";
import { useIntl } from "react-intl";
import { Link } from "react-router-dom";

import { getTranslation } from "../utils/getTranslation";

const HomePage = () => {
  const { formatMessage } = useIntl();

  return (
    <Main>
      <h1>Welcome to {formatMessage({ id: getTranslation("plugin.name") })}</h1>
      <Box padding={4}>
        <Flex gap={4}>
          <Link to="inbox">
            <Typography>{formatMessage({ id: getTranslation("inbox.home.inbox"), defaultMessage: "Inbox" })}</Typography>
          </Link>
          <Link to="stats">
            <Typography>{formatMessage({ id: getTranslation("inbox.home.stats"), defaultMessage: "Delivery statistics" })}</Typography>
          </Link>
        </Flex>
      </Box>
    </Main>
  );
};

export { HomePage };
