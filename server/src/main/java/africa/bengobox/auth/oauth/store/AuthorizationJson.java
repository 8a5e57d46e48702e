package africa.bengobox.auth.oauth.store;

import java.util.Map;
import org.springframework.security.jackson.SecurityJacksonModules;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

/** JSON for authorization attributes and token metadata, with Spring Security's allow-listed type handling. */
final class AuthorizationJson {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final JsonMapper mapper = new Builder()
            .addModules(SecurityJacksonModules.getModules(AuthorizationJson.class.getClassLoader(),
                    BasicPolymorphicTypeValidator.builder()
                            .allowIfSubType(java.util.HashMap.class)
                            .allowIfSubType(java.util.LinkedHashMap.class)
                            .allowIfSubType(java.util.ArrayList.class)
                            .allowIfSubType(Long.class)
                            .allowIfSubType(Integer.class)))
            .build();

    String write(Map<String, Object> map) {
        return map == null || map.isEmpty() ? null : mapper.writeValueAsString(map);
    }

    Map<String, Object> read(String json) {
        return json == null ? Map.of() : mapper.readValue(json, MAP);
    }

    /** Jackson's builder with the type deserializers built once ({@code typeResolverProvider} is protected). */
    private static final class Builder extends JsonMapper.Builder {

        Builder() {
            super(new JsonFactory());
            typeResolverProvider(new RootTypeDeserializers());
        }
    }
}
