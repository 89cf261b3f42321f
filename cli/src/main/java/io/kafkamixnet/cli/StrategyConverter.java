package io.kafkamixnet.cli;

import io.kafkamixnet.cli.demo.DemoStrategy;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --strategy timed|threshold|pool|continuous}: a wrong name is a usage error naming the option. */
final class StrategyConverter implements ITypeConverter<DemoStrategy> {
    @Override
    public DemoStrategy convert(String value) {
        try {
            return DemoStrategy.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
