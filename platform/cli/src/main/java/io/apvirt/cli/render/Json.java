package io.apvirt.cli.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.ResolvableSerializer;
import com.fasterxml.jackson.databind.type.MapType;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;

/**
 * The JSON of every {@code --json} document, byte-identical across runs: records serialized
 * with their components in declaration order and in kebab-case ({@code pendingInterrupts} is
 * {@code pending-interrupts}), absent values as {@code null} (never a missing key), 2-space
 * indentation, {@code "key": value}, {@code '\n'} line ends on every platform and a trailing
 * newline. A map must have a fixed order ({@link SortedMap} or {@link LinkedHashMap}, or at
 * most one entry): any other map ({@code Map.of}, {@code HashMap}) with two or more entries is
 * refused, since its order can change from one JVM to the next.
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.ALWAYS, JsonInclude.Include.ALWAYS))
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .addModule(new SimpleModule("apvirt-ordered-maps").setSerializerModifier(new BeanSerializerModifier() {
                @Override
                public JsonSerializer<?> modifyMapSerializer(SerializationConfig config, MapType type,
                                                             BeanDescription description, JsonSerializer<?> serializer) {
                    return new OrderedMapSerializer(serializer);
                }
            }))
            .build();

    private static final ObjectWriter WRITER = MAPPER.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    /** One line: {@code {"key": value, "list": [1, 2]}}, with the same naming, nulls and map rule. */
    private static final ObjectWriter ONE_LINE = MAPPER.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEntrySpacing(Separators.Spacing.AFTER)
                    .withArrayValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultPrettyPrinter.NopIndenter())
            .withArrayIndenter(new DefaultPrettyPrinter.NopIndenter()));

    private Json() {
    }

    /** A value on one line, without a trailing newline. */
    public static String writeOneLine(Object value) {
        try {
            return ONE_LINE.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getName() + " as JSON: " + e.getMessage(), e);
        }
    }

    /** The document as JSON text ending in a newline. */
    public static String write(Object document) {
        try {
            return WRITER.writeValueAsString(document) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + document.getClass().getName() + " as JSON: " + e.getMessage(), e);
        }
    }

    /** Refuses maps whose iteration order is not fixed, then writes them as Jackson would. */
    private static final class OrderedMapSerializer extends JsonSerializer<Object>
            implements ContextualSerializer, ResolvableSerializer {
        private final JsonSerializer<Object> delegate;

        @SuppressWarnings("unchecked")
        OrderedMapSerializer(JsonSerializer<?> delegate) {
            this.delegate = (JsonSerializer<Object>) delegate;
        }

        @Override
        public void serialize(Object value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            Map<?, ?> map = (Map<?, ?>) value;
            if (map.size() > 1 && !(map instanceof SortedMap) && !(map instanceof LinkedHashMap)) {
                throw JsonMappingException.from(gen, "a " + map.getClass().getName() + " has no fixed order (at "
                        + gen.getOutputContext().pathAsPointer() + "): use a record, a TreeMap or a LinkedHashMap");
            }
            delegate.serialize(value, gen, serializers);
        }

        @Override
        public boolean isEmpty(SerializerProvider provider, Object value) {
            return delegate.isEmpty(provider, value);
        }

        @Override
        public JsonSerializer<?> createContextual(SerializerProvider prov, BeanProperty property) throws JsonMappingException {
            return delegate instanceof ContextualSerializer c
                    ? new OrderedMapSerializer(c.createContextual(prov, property)) : this;
        }

        @Override
        public void resolve(SerializerProvider provider) throws JsonMappingException {
            if (delegate instanceof ResolvableSerializer r) {
                r.resolve(provider);
            }
        }
    }
}
