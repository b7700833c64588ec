package org.kernelforge.platform;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.quarkus.hibernate.validator.ValidatorFactoryCustomizer;
import jakarta.inject.Singleton;
import org.hibernate.validator.BaseHibernateValidatorConfiguration;
import org.hibernate.validator.spi.nodenameprovider.JavaBeanProperty;
import org.hibernate.validator.spi.nodenameprovider.Property;
import org.hibernate.validator.spi.nodenameprovider.PropertyNodeNameProvider;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Bean Validation names a property as the client spelled it in the JSON ({@code session_timeout_seconds}, not
 * {@code sessionTimeoutSeconds}), so a refusal's {@code field} is a name the client knows.
 */
@Singleton
public class JsonFieldNames implements ValidatorFactoryCustomizer, PropertyNodeNameProvider {

    private final ObjectMapper json;
    private final Map<Class<?>, Map<String, String>> names = new ConcurrentHashMap<>();

    JsonFieldNames(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void customize(BaseHibernateValidatorConfiguration<?> configuration) {
        configuration.propertyNodeNameProvider(this);
    }

    @Override
    public String getName(Property property) {
        if (property instanceof JavaBeanProperty bean) {
            return names.computeIfAbsent(bean.getDeclaringClass(), this::jsonNames)
                    .getOrDefault(property.getName(), property.getName());
        }
        return property.getName();
    }

    private Map<String, String> jsonNames(Class<?> type) {
        BeanDescription description = json.getDeserializationConfig().introspect(json.constructType(type));
        return description.findProperties().stream()
                .collect(Collectors.toMap(BeanPropertyDefinition::getInternalName, BeanPropertyDefinition::getName,
                        (a, b) -> a));
    }
}
