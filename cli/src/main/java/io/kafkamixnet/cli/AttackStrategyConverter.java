package io.kafkamixnet.cli;

import io.kafkamixnet.attack.AttackStrategy;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --strategy threshold|timed|pool|continuous} of {@code mixnet attack}: a wrong name is a usage error. */
final class AttackStrategyConverter implements ITypeConverter<AttackStrategy> {
    @Override
    public AttackStrategy convert(String value) {
        try {
            return AttackStrategy.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
