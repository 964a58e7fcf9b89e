import {expect} from '@loopback/testlab';
import {withForeignKeysInline} from '../../../src/dialects/inline-foreign-keys';

describe('withForeignKeysInline', () => {
  const create =
    'CREATE TABLE `b` (\n  `id` INT NOT NULL,\n  `aId` INT NULL\n)';

  it('writes each ADD CONSTRAINT clause as a table constraint, word for word', () => {
    expect(
      withForeignKeysInline(create, [
        'ADD  CONSTRAINT `fk_b_a` FOREIGN KEY (`aId`) REFERENCES `a`(`id`) ON DELETE CASCADE',
        'ADD CONSTRAINT `fk_b_b` FOREIGN KEY (`id`) REFERENCES `b`(`id`)',
      ]),
    ).to.equal(
      'CREATE TABLE `b` (\n  `id` INT NOT NULL,\n  `aId` INT NULL,\n' +
        '  CONSTRAINT `fk_b_a` FOREIGN KEY (`aId`) REFERENCES `a`(`id`) ON DELETE CASCADE,\n' +
        '  CONSTRAINT `fk_b_b` FOREIGN KEY (`id`) REFERENCES `b`(`id`)\n)',
    );
  });

  it('refuses a clause or a statement of another shape', () => {
    expect(
      withForeignKeysInline(create, ['ADD COLUMN `x` INT']),
    ).to.be.undefined();
    expect(
      withForeignKeysInline('CREATE TABLE `b` (`id` INT) ENGINE=InnoDB', [
        'ADD CONSTRAINT `f` FOREIGN KEY (`id`) REFERENCES `a`(`id`)',
      ]),
    ).to.be.undefined();
  });
});
