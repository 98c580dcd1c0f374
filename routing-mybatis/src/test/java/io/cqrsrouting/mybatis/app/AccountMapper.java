package io.cqrsrouting.mybatis.app;

import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

/** The accounts mapper (AccountMapper.xml next to it, with a second-level cache). */
@Mapper
public interface AccountMapper {

    Account findByName(String name);

    Account findById(long id);

    void insert(Account account);

    int rename(@Param("id") long id, @Param("name") String name);
}
