package africa.bengobox.auth.oauth.store;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.introspect.AnnotatedClass;
import tools.jackson.databind.jsontype.TypeDeserializer;
import tools.jackson.databind.jsontype.TypeResolverProvider;

/**
 * Builds the type deserializer of each base type once instead of on every read.
 * <p>
 * Spring Security's deserializers read nested values with {@code DeserializationContext.readTreeAsValue}, and Jackson
 * builds a new type deserializer for every such call. Each new one starts with an empty cache of the deserializers
 * per type id, so {@code java.util.Collections$UnmodifiableSet} and the like (whose converting deserializers Jackson
 * does not cache) were resolved and built again on every read of a stored authorization. A type deserializer is
 * safe to share between threads: Jackson shares those of the deserializers it caches.
 * <p>
 * Only for a mapper whose configuration never changes (one {@link AuthorizationJson}): the cache is keyed by the
 * base type alone.
 */
final class RootTypeDeserializers extends TypeResolverProvider {

    private final ConcurrentMap<JavaType, Optional<TypeDeserializer>> built = new ConcurrentHashMap<>();

    @Override
    public TypeDeserializer findTypeDeserializer(DeserializationContext ctxt, JavaType baseType, AnnotatedClass classInfo) {
        Optional<TypeDeserializer> cached = built.get(baseType);
        if (cached == null) {
            cached = Optional.ofNullable(super.findTypeDeserializer(ctxt, baseType, classInfo));
            built.putIfAbsent(baseType, cached);
        }
        return cached.orElse(null);
    }
}
