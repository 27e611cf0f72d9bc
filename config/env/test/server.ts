export default {
  logger: { config: { level: 'warn' } },
};
