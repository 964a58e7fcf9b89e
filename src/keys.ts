/** The tag LoopBack puts on repository bindings (`app.repository()`). */
export const REPOSITORY_TAG = 'repository';

/** The tag LoopBack puts on model class bindings (`app.model()`). */
export const MODEL_TAG = 'model';

/** The tag LoopBack puts on datasource bindings (`app.dataSource()`). */
export const DATASOURCE_TAG = 'datasource';

/** The binding namespace of datasources: `datasources.db`. */
export const DATASOURCES_NAMESPACE = 'datasources';

/** The `debug` namespace of this package. */
export const DEBUG_NAMESPACE = 'loopback:schema-migration';
