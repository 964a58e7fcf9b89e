import {describeTypeChangeMatrix} from '../support/type-change-matrix';
import {MYSQL_ROWS} from './type-change-matrix/mysql-rows';
import {POSTGRESQL_ROWS} from './type-change-matrix/postgresql-rows';

describeTypeChangeMatrix('postgresql', POSTGRESQL_ROWS);
describeTypeChangeMatrix('mysql', MYSQL_ROWS, 'strict');
describeTypeChangeMatrix('mysql', MYSQL_ROWS, 'loose');
